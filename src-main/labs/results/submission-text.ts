// How an attempt's submission is kept in the `rules` TEXT column of the attempts table, so a
// results bundle (and so a regrade) can read it back. Pure; runs anywhere.
//
// The column holds one text per attempt, but a lab may have several editable nodes (lab 10 edits
// a network ACL and a security group) and question objectives have answers the grader needs. So
// the lab screen records `encodeSubmission(...)`: a small JSON envelope
//
//   {"format":"portwise-submission/1","rules":{"fw1":{…}},"answers":{"q1":2}}
//
// with each node's rules exactly as written (the json dialect's object, or nft/iptables/aws text).
// Predictions and hints already have their own columns. This needs no migration: the column stays
// TEXT, and a text that is not the envelope is still read (see decodeSubmission).
import { isObject } from '../../engine/field-reader'
import type { FirewallSource, Lab } from '../lab-pack'
import type { SubmissionData } from './results-bundle'

export const SUBMISSION_FORMAT = 'portwise-submission/1'

/** The text to store as an attempt's `rules`. */
export function encodeSubmission(
  rules: Readonly<Record<string, FirewallSource>>,
  answers: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify({ format: SUBMISSION_FORMAT, rules, answers })
}

/**
 * Reads an attempt's `rules` text back. A text that is not the envelope (written before it, or
 * by hand) is taken as the rules of the lab's only editable node: parsed as JSON in the json
 * dialect, as is otherwise. Whatever it holds, the grader then judges it (a firewall that does not
 * read fails the objectives that need it), so nothing here throws.
 */
export function decodeSubmission(
  text: string,
  lab: Pick<Lab, 'dialect' | 'editable'>,
): Pick<SubmissionData, 'rules' | 'answers'> {
  let json: unknown = undefined
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON: text-dialect rules
  }
  if (isObject(json) && json.format === SUBMISSION_FORMAT) {
    return {
      rules: isObject(json.rules) ? { ...json.rules } : {},
      answers: isObject(json.answers) ? { ...json.answers } : {},
    }
  }
  if (lab.editable.length !== 1) return { rules: {}, answers: {} }
  const node = lab.editable[0]
  return {
    rules: { [node]: lab.dialect === 'json' && json !== undefined ? json : text },
    answers: {},
  }
}
