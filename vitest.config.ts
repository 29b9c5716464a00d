import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/scenarios/**/*.test.ts', 'test/kernel/**/*.test.ts'],
    environment: 'node',
    reporters: ['default'],
  },
})
