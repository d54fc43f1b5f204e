"""The report's sections, in the order the page shows them, and what the workflow needs of
them: ``common.smk`` builds the report rule's inputs, figures and captions from this one list,
and the notebook renders the sections that apply.

A new section is a module in this package that defines its ``SECTION`` (see
``initbench.report.section.Section``, and what such a module imports at its top), a caption
``workflow/report/{figure}.rst`` for each figure it draws, its test, and its place in
``SECTIONS`` below (with its import).
"""

from initbench.report.section import Section
from initbench.report.sections import (
    classes,
    cost_curves,
    dataset,
    depth,
    edge_of_stability,
    findings,
    jacobian,
    mean_field,
    median_costs,
    optimizers,
    papers,
    phase_diagram,
    provenance,
    published,
    summary,
    takeaways,
)

SECTIONS = (
    findings.SECTION,
    papers.SECTION,
    dataset.SECTION,
    classes.SECTION,
    cost_curves.SECTION,
    median_costs.SECTION,
    summary.SECTION,
    optimizers.SECTION,
    takeaways.SECTION,
    depth.SECTION,
    jacobian.SECTION,
    mean_field.SECTION,
    phase_diagram.SECTION,
    edge_of_stability.SECTION,
    published.SECTION,
    provenance.SECTION,
)

# The sections a grid may be built around, the most specific first (a paper's experiment
# above all): the findings lead with the question of the first one the report shows, the
# post's takeaways when none other.
LEADS = (
    papers.SECTION,
    edge_of_stability.SECTION,
    phase_diagram.SECTION,
    optimizers.SECTION,
    depth.SECTION,
    takeaways.SECTION,
)


def active_sections(config: dict, sections: tuple[Section, ...] = SECTIONS) -> list[Section]:
    """The sections that apply to ``config`` (validated, defaults filled in), in order."""
    return [section for section in sections if section.applies(config)]


def input_names(config: dict, sections: tuple[Section, ...] = SECTIONS) -> list[str]:
    """The report rule's inputs the active sections read, by name, in order of first need."""
    names = [
        name for section in active_sections(config, sections) for name in section.inputs(config)
    ]
    return list(dict.fromkeys(names))


def figure_categories(config: dict, sections: tuple[Section, ...] = SECTIONS) -> dict[str, str]:
    """Each figure the active sections draw, in order, and its category in Snakemake's report;
    ``workflow/report/{name}.rst`` is its caption."""
    found = {}
    for section in active_sections(config, sections):
        for figure in section.figures(config):
            if figure.name in found:
                raise ValueError(
                    f"two sections draw a figure named {figure.name}: give each its own name "
                    "(and caption)"
                )
            found[figure.name] = figure.category
    return found
