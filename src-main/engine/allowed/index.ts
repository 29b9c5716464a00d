// The allowed-set analysis (issue 3): what a rule set allows, how two rule sets differ, which
// rules never decide. Pure; runs anywhere.
export { type Box, type Range } from './box'
export { type DiffBox, allowedSet, deniedSet, difference, incomparable } from './allowed-set'
export { type RuleFinding, ruleAnalysis } from './rule-analysis'
export { type Regions, decideRegions } from './regions'
export { samplePacket, sampleCt } from './sample'
export { type DescribeOptions, describeBox } from './describe'
