/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Transpile only (isolatedModules in tsconfig.test.json): `npm run typecheck` does the type checking.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: false }] },
	testTimeout: 60000,
	// n8n-core writes its instance settings here instead of ~/.n8n.
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
};
