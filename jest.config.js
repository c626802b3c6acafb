/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
	testTimeout: 60000,
	// n8n-core writes its instance settings here instead of ~/.n8n.
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
};
