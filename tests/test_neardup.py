from __future__ import annotations

from bot.neardup import lsh_bands, shingles, similarity

STORY = ("Negotiators from the European Union and the United States agreed on Monday to extend talks on steel "
         "and aluminium tariffs by another two weeks, after a late-night session in Brussels ended without a deal. "
         "The Commission said both sides had narrowed the gaps on quota volumes but remained far apart on how to "
         "treat steel that is melted in third countries and finished in Europe. ")


def test_signatures_are_stable_across_processes():
    # Fixed values: bands are persisted, so they must not depend on PYTHONHASHSEED or the run.
    import subprocess
    import sys

    code = "from bot.neardup import *; print(lsh_bands(shingles(%r))[:3])" % STORY
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1
    assert runs.pop().strip() == str(lsh_bands(shingles(STORY))[:3])


def test_light_edit_is_a_near_duplicate_and_shares_bands():
    edited = STORY.replace("Monday", "Tuesday").replace("late-night", "late") + "Officials will meet again in Washington."
    a, b = shingles(STORY), shingles(edited)
    sim = similarity(a, b)
    assert sim.is_near_duplicate
    assert any(x == y for x, y in zip(lsh_bands(a), lsh_bands(b)))


def test_a_different_story_is_not():
    other = ("South Korea's trade ministry said on Tuesday it had asked Washington for a 90-day extension before new "
             "export controls on advanced memory chips take effect, warning that manufacturers needed time.")
    sim = similarity(shingles(STORY), shingles(other))
    assert not sim.is_near_duplicate and sim.jaccard < 0.05


def test_a_short_excerpt_inside_a_longer_copy_is_contained():
    longer = STORY + "Industry groups urged a quick deal, saying plants were already cutting shifts. " * 3
    sim = similarity(shingles(STORY), shingles(longer))
    assert sim.containment >= 0.8 and sim.is_near_duplicate

