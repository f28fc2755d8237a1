/**
 * A small template for races: two phases to pass, a report to submit, and three reviewer
 * approvals (rejections and approvals supersede each other) for the second gate. Used by the
 * concurrency e2e test and the fault tests.
 */
export const RACE_TEMPLATE = `
key: race
version: 1
title: Race
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  review: { title: Review }
  done: { title: Done, final: true }
gates:
  - id: start
    from: draft
    to: review
    requires: { artefacts: [ { type: report } ] }
  - id: finish
    from: review
    to: done
    requires: { approvals: [ { role: reviewer, count: 3 } ] }
`;
