// `node --import tsx test/support/write-class.ts DIR LEARNERS SEED [VERSION]`: writes a generated
// class of the built-in course (test/unit/results/class-fixture.ts) as learner0.json, … in DIR,
// each bundle claiming pack VERSION when given. For end-to-end tests, whose loader cannot import
// the pack schemas' JSON. Runs in Node (tsx).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateClass, loadCourse } from '../unit/results/class-fixture'

const [dir, learners, seed, version] = process.argv.slice(2)
const pack = await loadCourse()
generateClass(pack, { learners: Number(learners), seed: Number(seed) }).forEach((b, i) => {
  if (version) b.pack.version = version
  writeFileSync(join(dir, `learner${i}.json`), JSON.stringify(b))
})
