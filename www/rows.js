// The rows of one run, as data (no DOM): outcomes and their texts in input
// order, the Letters and Items rows the core made for them (with sort keys and
// search text), each item's Summary groups, and duplicate case numbers.
// Unit-tested in tests/unit/rows.test.mjs.

import { isError, cellText } from './format.js';

/** One row: cells as the core gave them, their text (sort keys) and the search text. */
function row(key, letter, item, cells) {
  const keys = cells.map(cellText);
  return { key, letter, item, cells, keys, search: keys.join('\t').toLowerCase() };
}

export function createRunData() {
  const data = {
    outcomes: [], texts: [], letterRows: [], itemRows: [], groups: [],
    /** letter index → its compact Summary contribution from the core (PageRun's `contribution`) */
    contributions: [],
    /** letter index → case number, for letters whose case number another letter has too */
    duplicates: new Map(),
    caseIndex: new Map(),
    summary: [],
    /** letter index → { boxes, pages } of an OCR'd letter: its words' boxes (the core's) and its page images (the worker's). */
    scans: [],
    /** Files a Cancel stopped before they were read. */
    skipped: 0,
  };

  /**
   * Add one result: `rows` = { letters: [[cell]], items: [[cell]] } from the core,
   * `groups` = the core's itemGroups (or null), `contribution` the core's compact
   * Summary contribution of the letter (or null). Returns the letter indexes that
   * became duplicates with this one.
   */
  data.add = (index, outcome, text, rows, groups, contribution = null) => {
    data.outcomes[index] = outcome;
    data.texts[index] = text;
    data.groups[index] = groups || null;
    if (contribution) data.contributions[index] = contribution;
    const lr = row(`L${index}`, index, null, (rows.letters && rows.letters[0]) || []);
    lr.outcome = (!isError(outcome) && outcome.outcome) || null;
    lr.decided = (!isError(outcome) && outcome.dates && outcome.dates.decision) || null;
    lr.warned = !isError(outcome) && outcome.warnings.length > 0;
    if (isError(outcome)) {
      lr.error = true;
      lr.search = `${outcome.source} ${outcome.error.code} ${outcome.error.message}`.toLowerCase();
    }
    data.letterRows.push(lr);
    if (isError(outcome)) return [];
    (rows.items || []).forEach((cells, i) => {
      const ir = row(`I${index}/${i}`, index, i, cells);
      const item = outcome.items[i] || {};
      ir.decision = item.decision || null;
      ir.category = (item.treatment && item.treatment.category) || null;
      ir.reasons = (item.reasons || []).map((r) => r.code);
      data.itemRows.push(ir);
    });
    const newly = [];
    if (outcome.case_number) {
      const seen = data.caseIndex.get(outcome.case_number);
      if (seen) {
        seen.push(index);
        for (const i of seen) {
          if (!data.duplicates.has(i)) {
            data.duplicates.set(i, outcome.case_number);
            newly.push(i);
          }
        }
      } else {
        data.caseIndex.set(outcome.case_number, [index]);
      }
    }
    return newly;
  };

  /** The sources of the other letters with this letter's case number. */
  data.duplicateSources = (letter) => (data.caseIndex.get(data.duplicates.get(letter)) || [])
    .filter((i) => i !== letter).map((i) => data.outcomes[i].source);

  /** Item keys ("letter/item") whose Summary groups for `dimension` include `group`. */
  data.itemsInGroup = (dimension, group) => {
    const keys = new Set();
    data.groups.forEach((perItem, letter) => {
      (perItem || []).forEach((dims, i) => {
        if ((dims[dimension] || []).includes(group)) keys.add(`${letter}/${i}`);
      });
    });
    return keys;
  };

  /** Every letter's Summary contribution, in input order, concatenated (what the core's SummaryBuilder.addContributions counts). */
  data.allContributions = () => data.contributions.join('');

  data.counts = () => {
    const outcomes = data.outcomes.filter(Boolean);
    const errors = outcomes.filter(isError).length;
    let upheld = 0;
    let overturned = 0;
    for (const r of data.itemRows) {
      if (r.decision === 'upheld') upheld++;
      else if (r.decision === 'overturned') overturned++;
    }
    return {
      letters: outcomes.length - errors, items: data.itemRows.length, upheld, overturned, errors, skipped: data.skipped,
      notAnalyzed: errors + data.skipped, duplicates: data.duplicates.size,
    };
  };
  return data;
}
