/**
 * ESLint 8 with eslint-plugin-n8n-nodes-base: the `community` rules for package.json, `credentials` for
 * credentials/ and `nodes` for nodes/. The rules need no type information, so no `parserOptions.project`:
 * that keeps lint fast and lets the same parser read package.json (as a JSON source file).
 *
 * @type {import('eslint').Linter.Config}
 */
module.exports = {
	root: true,
	env: { es2022: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: { ecmaVersion: 2022, sourceType: 'module', extraFileExtensions: ['.json'] },
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**'],
	reportUnusedDisableDirectives: true,
	overrides: [
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// Camel-cased slugs only resolve inside n8n's own docs; a community package links its README
				// (n8n's own `n8n-node lint` turns this rule off for the same reason).
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			// Specs, the sandbox and the benchmark: TypeScript's recommended rules (n8n's rules are for nodes).
			files: ['./test/**/*.ts', './bench/**/*.ts'],
			plugins: ['@typescript-eslint'],
			extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
			rules: {
				// `_name` marks a parameter a signature needs; a rest sibling drops the fields named beside it.
				'@typescript-eslint/no-unused-vars': [
					'error',
					{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
				],
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// These demand the string literal 'main', which n8n-workflow 2.x replaced by
				// NodeConnectionTypes.Main; `n8n-node lint` turns them off too.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			},
		},
	],
};
