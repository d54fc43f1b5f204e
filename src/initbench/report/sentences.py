"""The report's words: every sentence that depends on the results, built from the numbers it
states (Markdown), and the words for the codes other modules return.

Static prose lives in the notebook's Markdown cells and the figure captions in
``workflow/report/*.rst``. Links point at the anchors the notebook sets before each section.
"""

import math

import numpy as np
import pandas as pd

from initbench.analysis import comparison, takeaways
from initbench.analysis.baseline import Baseline
from initbench.analysis.summary import held_out, setting_label
from initbench.analysis.takeaways import CLEAR_SHARE, Pair, Takeaway
from initbench.experiment import POST_EXPERIMENT, SETTING_KEYS, layers_name
from initbench.report.figures import OFF_SCALE_FACTOR
from initbench.runs.aggregate import COST_THRESHOLD

SOURCES = {
    "synthetic": "a synthetic two-class set drawn by initbench (discs vs triangles, tinted)",
    "folder": "your own images",
    "blog": "the post's own 100 images",
}
# The post's five claims, and what each needs among the runs to be tested at all.
CLAIMS = {
    "symmetry": "Zero initialization never breaks symmetry: every hidden unit stays the same.",
    "large_weights": "Too-large initial weights (standard normal × 10) hurt training.",
    "he_relu": "He initialization suits ReLU: with ReLU it trains better than the post's Xavier.",
    "xavier_tanh": "Xavier initialization suits tanh: with tanh it trains better than He.",
    "convergence": (
        "A good initialization (He, Xavier) speeds up convergence and lowers the error, "
        "compared with zeros and random × 10."
    ),
}
NEEDS = {
    "symmetry": "runs from zeros",
    "large_weights": "random and he or xavier",
    "he_relu": "he and xavier under ReLU",
    "xavier_tanh": "he and xavier under tanh",
    "convergence": "he or xavier, and zeros or random",
}
VERDICTS = {
    takeaways.HOLDS: "holds",
    takeaways.HOLDS_IN_PART: "holds only when",
    takeaways.DOES_NOT_HOLD: "does not hold here",
    takeaways.NOT_TESTED: "not tested here",
}
# What shows each claim's evidence, by anchor; the summary table is always in the report,
# the figures only when the grid draws them.
CLAIM_EVIDENCE = {
    "symmetry": ["cost_curves"],
    "large_weights": ["median_costs", "stability"],
    "he_relu": ["median_costs", "stability"],
    "xavier_tanh": ["median_costs", "stability"],
    "convergence": ["median_costs", "summary"],
}
EVIDENCE_TITLES = {
    "cost_curves": "cost curves",
    "median_costs": "median cost curves",
    "stability": "stability figure",
    "summary": "summary table",
}
# The one section shown only on the post's own images, so its heading is not a static cell.
POST_HEADING = '<a id="post"></a>\n\n## Against the post\'s published numbers'


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _number(value: float) -> str:
    """Three significant digits; a diverged run's infinite cost as ∞."""
    return "∞" if np.isinf(value) else f"{value:.3g}"


def _range(low: float, high: float) -> str:
    return f"{_number(low)}–{_number(high)}"


def _percent(share: float) -> str:
    """A tolerance as a percentage, never rounded to 0 %."""
    return f"{share * 100:.3g}%"


def _link(text: str, anchor: str) -> str:
    return f"[{text}](#{anchor.replace('_', '-')})"


def title(dataset: str, name: str, post_images: bool) -> str:
    """What the report is about, named by its data rather than by a configuration value:
    ``name`` is where a folder's results land; ``post_images``, that the images are the post's,
    recognised by their content."""
    if dataset == "folder":
        data = f"your images “{name}”"
        if post_images:
            data = f"the post's 100 cat and dog images (your folder “{name}”)"
    elif dataset == "blog":
        data = "the post's 100 cat and dog images"
    else:
        data = "a synthetic two-class image set"
    return f"# How initialization changes training, on {data}"


def baseline_sentence(found: Baseline) -> str:
    if found.balanced:
        return (
            "**Chance:** the classes are balanced, so a coin toss is right 50% of the time and "
            f"answering 0.5 for every image costs ln 2 = {found.cost:.3g}."
        )
    return (
        f"**Baseline:** always answering *{found.majority}* is right {found.accuracy:.0%} of "
        f"the time, and the best constant answer costs {found.cost:.3g} (the entropy of the "
        "classes' shares): a network that learns only its output bias ends there, and a coin "
        "toss is no yardstick."
    )


def dataset_sentence(
    dataset: str,
    name: str,
    post_images: bool,
    images: pd.DataFrame,
    skipped: pd.DataFrame,
    image_size: int,
    shape: tuple,
) -> str:
    counts = images.groupby("class", sort=False).size()
    per_class = ", ".join(f"{count} {name}" for name, count in counts.items())
    positive = images.loc[images["label"] == 1, "class"].iloc[0]
    skipped_text = (
        f" **Skipped:** {len(skipped)} unusable file(s), left out "
        f"(on_bad_image: skip): {', '.join(f'`{file}`' for file in skipped['file'])}."
        if len(skipped)
        else ""
    )
    source = SOURCES[dataset]
    if dataset == "folder":
        source += f" (results under the name “{name}”)"
        if post_images:
            source += ", which are the post's own 100 (recognised by their SHA-256)"
    return (
        f"**Source:** {source}. **Images:** {len(images)} ({per_class}); "
        f"class *{positive}* is labelled 1.{skipped_text} **Size:** {image_size}×{image_size} "
        f"RGB, flattened into a {shape[0]:,} × {shape[1]:,} matrix scaled to [0, 1]."
    )


def seeds_sentences(methods: pd.DataFrame, runs: pd.DataFrame) -> list[str]:
    """Per method: what one run would say, and what the seeds say instead."""
    sentences = []
    for summary in methods.itertuples(index=False):
        group = runs[runs["method"] == summary.method]
        first = group.iloc[0]
        text = (
            f"**{summary.method}**: seed {first.seed} alone ends at cost "
            f"{_number(first.final_cost)} with {first.train_accuracy:.0%} training accuracy"
        )
        if summary.runs > 1:
            learned = int((group["final_cost"] < COST_THRESHOLD).sum())
            text += (
                f"; over {summary.runs} seeds the final cost has median "
                f"{_number(summary.final_cost_median)} "
                f"(quartiles {_range(summary.final_cost_q1, summary.final_cost_q3)}, "
                f"range {_range(summary.final_cost_min, summary.final_cost_max)}), "
                f"{learned} of {summary.runs} end below {COST_THRESHOLD}, and accuracy ranges "
                f"{group['train_accuracy'].min():.0%}–{group['train_accuracy'].max():.0%}"
            )
        text += "."
        if summary.diverged_runs:
            diverged = group[group["diverged"]]
            where = ", ".join(
                f"seed {run.seed} at iteration {int(run.diverged_at_iteration)}"
                for run in diverged.itertuples(index=False)
            )
            text += (
                f" {_plural(summary.diverged_runs, 'run')} diverged, the cost becoming NaN or "
                f"infinite ({where}); a diverged run counts as final cost ∞."
            )
        sentences.append(text)
    return sentences


def off_scale_sentence(runs: pd.DataFrame, costs: pd.DataFrame, ceiling: float) -> str | None:
    """What the dotted line of the cost figures means, when anything is drawn on it."""
    diverged = int(runs["diverged"].sum())
    if not diverged and not (costs["cost"] > ceiling).any():
        return None
    return (
        f"{diverged} of {len(runs)} runs diverged. Costs above {ceiling:.3g} "
        f"({OFF_SCALE_FACTOR} × the highest starting cost), and every diverged run from the "
        "iteration it diverged, are drawn on the dotted red line: off the scale."
    )


def _where_studied(departures: pd.DataFrame) -> str:
    first = departures.iloc[0]
    return f"seed {first.seed}, {setting_label(*first[SETTING_KEYS])}"


def order_sensitivity_sentence(departures: pd.DataFrame) -> str:
    """How far each method's run goes before the same run on reversed images parts from it."""
    first = departures.iloc[0]
    tolerance = _percent(first.tolerance)
    parted = departures[departures["departure_iteration"].notna()]
    stayed = departures[departures["departure_iteration"].isna()]
    text = (
        "**Order sensitivity.** Each method's run was repeated with the training images in "
        f"reverse order ({_where_studied(departures)}), which changes nothing but the order of "
        "floating-point sums."
    )
    if len(parted):
        text += (
            f" The two cost curves part by more than {tolerance} for "
            + ", ".join(
                f"**{row.method}** from iteration {int(row.departure_iteration)}"
                for row in parted.itertuples(index=False)
            )
            + ": rounding differences grow there, the dynamics are chaotic, and one seed's "
            "curve is one sample of many."
        )
    calm = stayed[stayed["diverged_at_iteration"].isna()]
    if len(calm):
        text += (
            f" {' and '.join(f'**{method}**' for method in calm['method'])} "
            f"{'stays' if len(calm) == 1 else 'stay'} within {tolerance} for all "
            f"{first.iterations} iterations compared."
        )
    for row in stayed[stayed["diverged_at_iteration"].notna()].itertuples(index=False):
        text += (
            f" **{row.method}** diverges at iteration {int(row.diverged_at_iteration)} in both "
            "orders, the curves agreeing until then."
        )
    return text


def sharpness_sentence(diagnostics: pd.DataFrame) -> str:
    """How many sharpness estimates converged, and where they did not."""
    if diagnostics.empty:
        return (
            "Diagnostics were not asked for, so no 2 / sharpness line is drawn (set "
            "diagnostics: true to draw them)."
        )
    failed = diagnostics[~diagnostics["converged"].astype(bool)]
    if failed.empty:
        return f"All {len(diagnostics)} sharpness estimates converged."
    where = ", ".join(
        f"{activation} {method} ({count})"
        for (activation, method), count in failed.groupby(["activation", "method"]).size().items()
    )
    text = (
        f"{len(failed)} of {len(diagnostics)} sharpness estimates did not converge within the "
        f"Lanczos steps allowed: {where}."
    )
    return text + " A method's line is drawn only where most of its seeds converged."


def stability_sentence(diagnostics: pd.DataFrame, learning_rates: list[float]) -> str:
    """How far to trust the stability figure's lines, or why there is no figure."""
    if len(learning_rates) < 2:
        return (
            f"With one learning rate ({learning_rates[0]:g}) there is no curve of final cost "
            "against the learning rate to draw: list several under learning_rates for the "
            "stability figure."
        )
    return "**Stability.** " + sharpness_sentence(diagnostics)


def summary_sentence(runs: pd.DataFrame) -> str:
    accuracy = "held-out and training" if held_out(runs) else "training"
    return (
        f"Final cost after {runs['iterations'].iloc[0]} updates, {accuracy} accuracy, and the "
        f"median iteration at which the cost first falls below {COST_THRESHOLD} (“most runs "
        "never” when half of the runs or more never do)."
    )


def takeaways_sentence(runs: pd.DataFrame) -> str:
    text = (
        "Each claim is checked setting by setting (activation, learning rate, hidden layers). "
        f"One initialization beats another when its final cost is lower in at least "
        f"{CLEAR_SHARE:.0%} of the pairs (one seed of each); a diverged run counts as final "
        "cost ∞."
    )
    if runs.groupby([*SETTING_KEYS, "method"]).size().min() < 2:
        text += (
            " Some methods have a single seed here, so some comparisons rest on a single pair "
            "of runs: add seeds before trusting them."
        )
    return text


def _places(takeaway: Takeaway) -> str:
    """Where a claim holds, compactly: per activation and architecture, "every learning rate"
    or the learning rates."""
    architectures = {result.setting["hidden_layers"] for result in takeaway.results}
    places = []
    keys = dict.fromkeys(
        (result.setting["activation"], result.setting["hidden_layers"])
        for result in takeaway.results
    )
    for activation, layers in keys:
        tried = [
            result
            for result in takeaway.results
            if (result.setting["activation"], result.setting["hidden_layers"])
            == (activation, layers)
        ]
        rates = [result.setting["learning_rate"] for result in tried if result.holds]
        if not rates:
            continue
        where = activation + (f", layers {layers}" if len(architectures) > 1 else "")
        if len(rates) == len(tried):
            places.append(f"{where} (every learning rate)")
        else:
            places.append(f"{where} at learning rate {', '.join(f'{rate:g}' for rate in rates)}")
    return "; ".join(places)


def verdict_phrase(takeaway: Takeaway) -> str:
    """The verdict, where it holds and how often: "holds only when tanh at learning rate
    0.01 (1 of 2 settings)"."""
    words = VERDICTS[takeaway.verdict]
    if takeaway.verdict == takeaways.NOT_TESTED:
        return f"{words} (needs {NEEDS[takeaway.key]})"
    if takeaway.symmetry is not None:
        return (
            f"{words} ({takeaway.symmetry.identical} of {_plural(takeaway.symmetry.runs, 'run')})"
        )
    count = f"{len(takeaway.holding)} of {_plural(len(takeaway.results), 'setting')}"
    if takeaway.verdict == takeaways.HOLDS_IN_PART:
        return f"{words} {_places(takeaway)} ({count})"
    return f"{words} ({count})"


def _pair_text(pair: Pair) -> str:
    if pair.clearly_lower:
        reading = "clearly lower"
    elif pair.clearly_higher:
        reading = "clearly higher"
    else:
        reading = "no clear difference"
    return (
        f"{pair.claimed_better} median final cost {_number(pair.claimed_better_median)} vs "
        f"{pair.other} {_number(pair.other_median)}, lower in {pair.share_lower:.0%} of seed "
        f"pairs ({reading})"
    )


def _iterations_text(value: float) -> str:
    return "most never" if not np.isfinite(value) else f"{value:g}"


def evidence(takeaway: Takeaway, chance: Baseline) -> str:
    """The numbers behind a verdict, setting by setting; ``chance``: what learning nothing
    achieves on these images."""
    if takeaway.verdict == takeaways.NOT_TESTED:
        return f"No setting has {NEEDS[takeaway.key]}."
    if takeaway.symmetry is not None:
        found = takeaway.symmetry
        return (
            f"After training, {found.identical} of {found.runs} zero-initialized runs still "
            "have hidden units that are exactly equal (largest difference between two units' "
            f"weights: {found.largest_spread:.3g}); their final cost ranges "
            f"{found.cost_min:.6g}–{found.cost_max:.6g} (the best constant answer costs "
            f"{chance.cost:.6g}) and their training accuracy "
            f"{found.accuracy_min:.0%}–{found.accuracy_max:.0%} (always answering "
            f"*{chance.majority}*: {chance.accuracy:.0%})."
        )
    lines = []
    for result in takeaway.results:
        details = "; ".join(_pair_text(pair) for pair in result.pairs)
        if result.median_iterations:
            iterations = ", ".join(
                f"{method} {_iterations_text(value)}"
                for method, value in result.median_iterations.items()
            )
            accuracy = ", ".join(
                f"{method} {value:.0%}" for method, value in result.median_accuracy.items()
            )
            kind = "held-out" if result.held_out else "training"
            details = (
                f"median iteration where the cost first falls below {COST_THRESHOLD}: "
                f"{iterations}; median {kind} accuracy {accuracy}; {details}"
            )
        answer = "yes" if result.holds else "no"
        lines.append(f"- *{setting_label(**result.setting)}*: {answer} — {details}.")
    text = "\n".join(lines)
    if takeaway.saturation:
        shares = "; ".join(
            f"{activation}: {random:.0%} (He: {he:.0%})"
            for activation, (random, he) in takeaway.saturation.items()
        )
        text += (
            "\n\nAt initialization, the share of the first hidden layer saturated (tanh, "
            f"sigmoid) or dead (ReLU) under random × 10, median over seeds: {shares}."
        )
    return text


def takeaway_section(number: int, takeaway: Takeaway, figures: list[str], chance: Baseline) -> str:
    """A claim as a heading, its verdict, what shows it, and its evidence; ``figures``: the
    figures this report draws."""
    shown = [name for name in CLAIM_EVIDENCE[takeaway.key] if name in figures or name == "summary"]
    where = ""
    if shown and takeaway.verdict != takeaways.NOT_TESTED:
        links = " and the ".join(_link(EVIDENCE_TITLES[name], name) for name in shown)
        where = f" Shown in the {links}."
    return (
        f'<a id="takeaway-{takeaway.key.replace("_", "-")}"></a>\n\n'
        f"### {number}. {CLAIMS[takeaway.key]}\n\n"
        f"Verdict: **{verdict_phrase(takeaway)}**.{where}\n\n{evidence(takeaway, chance)}"
    )


def _headline(methods: pd.DataFrame, runs: pd.DataFrame) -> str:
    """The methods ranked by median final cost in a one-setting grid; the winners per setting
    otherwise."""
    settings = methods.groupby(SETTING_KEYS, sort=False)
    if settings.ngroups == 1:
        accuracy = "test_accuracy" if held_out(runs) else "train_accuracy"
        kind = "held-out" if accuracy == "test_accuracy" else "training"
        ranked = methods.sort_values("final_cost_median", kind="stable")
        listed = ", ".join(
            f"**{row.method}** {_number(row.final_cost_median)} "
            f"({runs.loc[runs['method'] == row.method, accuracy].median():.0%})"
            for row in ranked.itertuples(index=False)
        )
        return (
            f"Median final cost over {_plural(methods['runs'].max(), 'seed')} (median {kind} "
            f"accuracy): {listed}. See the {_link('summary table', 'summary')}."
        )
    winners = (
        settings[["method", "final_cost_median"]]
        .apply(lambda group: group.loc[group["final_cost_median"].idxmin(), "method"])
        .value_counts()
    )
    listed = ", ".join(f"**{method}** in {count}" for method, count in winners.items())
    return (
        f"Lowest median final cost, setting by setting ({settings.ngroups} settings): {listed}. "
        f"See the {_link('summary table', 'summary')}."
    )


def _chaos_finding(departures: pd.DataFrame) -> str | None:
    parted = departures[departures["departure_iteration"].notna()]
    if parted.empty:
        return None
    listed = ", ".join(
        f"{row.method} from iteration {int(row.departure_iteration)}"
        for row in parted.itertuples(index=False)
    )
    return (
        f"Training is chaotic for {' and '.join(parted['method'])} "
        f"({_where_studied(departures)}): reversing the order of the images parts the cost "
        f"curve ({listed}). See {_link('order sensitivity', 'order-sensitivity')}."
    )


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _below_chance(runs: pd.DataFrame, chance: Baseline) -> str | None:
    """The runs whose training accuracy ends below always answering the majority class."""
    below = runs[runs["train_accuracy"] < chance.accuracy]
    if below.empty:
        return None
    listed = "; ".join(
        f"{method} seed{'s' if len(group) > 1 else ''} {', '.join(map(str, group['seed']))}"
        for method, group in below.groupby("method", sort=False)
    )
    return (
        f"{len(below)} of {len(runs)} runs end with training accuracy below always answering "
        f"*{chance.majority}* ({chance.accuracy:.0%}): {listed}. See the "
        f"{_link('dataset', 'dataset')}."
    )


def findings(
    methods: pd.DataFrame,
    runs: pd.DataFrame,
    found: list[Takeaway],
    departures: pd.DataFrame,
    chance: Baseline,
    published: pd.DataFrame | None,
    published_indicative: bool = False,
    depth_finding: str | None = None,
) -> str:
    """The report's opening list: headline numbers and every verdict, each linking to its
    section; ``depth_finding``, He et al.'s verdict where the grid is deep."""
    items = [_headline(methods, runs)]
    below = _below_chance(runs, chance)
    if below:
        items.append(below)
    diverged = runs[runs["diverged"]]
    if len(diverged):
        items.append(
            f"{len(diverged)} of {len(runs)} runs diverged "
            f"({', '.join(sorted(set(diverged['method'])))}). "
            f"See the {_link('cost curves', 'cost-curves')}."
        )
    chaos = _chaos_finding(departures)
    if chaos:
        items.append(chaos)
    for number, takeaway in enumerate(found, start=1):
        items.append(
            f"Takeaway {number}, *{CLAIMS[takeaway.key]}* "
            f"**{_capitalized(verdict_phrase(takeaway))}**. "
            f"See {_link('the evidence', f'takeaway-{takeaway.key}')}."
        )
    if depth_finding:
        items.append(depth_finding)
    if published is not None:
        items.append(comparison_finding(published, published_indicative))
    return "\n".join(f"- {item}" for item in items)


def agreement_text(found: str, digits: float) -> str:
    """How one published number stands beside ours, in words."""
    if found == comparison.MATCHES:
        return f"seed 1 matches ({digits:.0f} significant digits)"
    return {
        comparison.EXACT: "seed 1 matches exactly",
        comparison.WITHIN: "within our seeds' range",
        comparison.OUTSIDE: "outside our seeds' range",
    }[found]


def quantity_text(quantity: str, after_iterations: float) -> str:
    if quantity == "cost":
        return f"cost after {after_iterations:.0f} iterations"
    return "train accuracy (%)"


def comparison_finding(table: pd.DataFrame, indicative: bool) -> str:
    """How many published numbers our seed 1 reproduces, and how many the seeds' range holds;
    ``indicative`` when the runs differ from the post's settings."""
    found = table["agreement"]
    exact = int((found == comparison.EXACT).sum())
    matched = exact + int((found == comparison.MATCHES).sum())
    within = int((found == comparison.WITHIN).sum())
    outside = table[found == comparison.OUTSIDE]
    text = f"Of the post's {len(table)} published numbers,"
    if table["ours_seed_1"].notna().any():
        digits = -math.log10(comparison.MATCH_TOLERANCE)
        text += (
            f" our seed 1 reproduces {matched} ({exact} exactly, the others to at least "
            f"{digits:.0f} significant digits); of the others,"
        )
    text += (
        f" {within} {'is' if within == 1 else 'are'} within our seeds' range and "
        f"{len(outside)} outside it"
    )
    if len(outside):
        per_method = outside.groupby("method", sort=False).size()
        text += " (" + ", ".join(f"{count} of {method}'s" for method, count in per_method.items())
        text += ")"
    if indicative:
        text += "; only indicative, as these runs differ from the post's settings"
    return text + f". See {_link('the comparison', 'post')}."


def differing_sentence(differing: dict[str, list]) -> str | None:
    if not differing:
        return None
    listed = "; ".join(
        f"{key}: "
        + ", ".join(f"{value:g}" if isinstance(value, float) else str(value) for value in values)
        for key, values in differing.items()
    )
    return (
        f"These runs do not use the post's settings ({listed}), so the comparison below is "
        "only indicative."
    )


def post_chaos_sentence(
    departures: pd.DataFrame, diagnostics: pd.DataFrame | None = None
) -> str | None:
    """Why the post's He and Xavier curves cannot be matched digit for digit, when ours part;
    with diagnostics of the post's network, the sharpness that makes its step unstable."""
    chaotic = departures[
        departures["method"].isin(["he", "xavier"]) & departures["departure_iteration"].notna()
    ]
    if chaotic.empty:
        return None
    text = (
        f"The post trained {' and '.join(chaotic['method'])} once, on images in a shuffled "
        "order; with these settings their training is chaotic (see "
        f"{_link('order sensitivity', 'order-sensitivity')}), so each published curve is one "
        "sample and is compared with our seeds' range, not with our seed 1."
    )
    return text + _post_sharpness(diagnostics, list(chaotic["method"]))


def _post_sharpness(diagnostics: pd.DataFrame | None, methods: list[str]) -> str:
    """The median sharpness at initialization of the post's network (tanh, 5-5) from each
    method, beside 2 / 0.01, the largest curvature the post's step can descend stably."""
    if diagnostics is None or diagnostics.empty:
        return ""
    post = diagnostics[
        (diagnostics["activation"] == POST_EXPERIMENT["activation"])
        & (diagnostics["hidden_layers"] == layers_name(POST_EXPERIMENT["hidden_layers"]))
        & diagnostics["converged"].astype(bool)
    ]
    rate = POST_EXPERIMENT["learning_rate"]
    limit = 2 / rate
    found = []
    for method in methods:
        values = post.loc[post["method"] == method, "sharpness"]
        if len(values):
            side = "beyond" if values.median() > limit else "within"
            found.append(f"{_number(values.median())} from {method} ({side} it)")
    if not found:
        return ""
    return (
        f" At initialization the cost's sharpness (its Hessian's largest eigenvalue, median "
        f"over seeds) is {' and '.join(found)}, where gradient descent with the post's step "
        f"{rate:g} is stable only below 2 / {rate:g} = {limit:g}, the edge of stability of "
        "Cohen et al. (2021)."
    )


def provenance_list(commit: str | None, config_hash: str, data_hash: str, versions: dict) -> str:
    return (
        f"- **Code:** {'commit `' + commit + '`' if commit else 'not a git checkout'}\n"
        f"- **Configuration hash (SHA-256):** `{config_hash}`\n"
        f"- **Input data hash (SHA-256 over every image):** `{data_hash}`\n"
        "- **Software:** " + ", ".join(f"{name} {version}" for name, version in versions.items())
    )
