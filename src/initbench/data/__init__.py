"""From image files to the pixel matrix: reading, drawing, downloading, preprocessing, splitting."""
