"""What theory predicts of a network at initialization, to draw beside what is measured."""
