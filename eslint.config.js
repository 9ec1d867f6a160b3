// ESLint as SvelteKit projects set it up (the `sv` template): JavaScript and TypeScript recommended rules,
// eslint-plugin-svelte's recommended rules, and Prettier's config last so that formatting is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['.svelte-kit/', 'build/', 'data/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/', 'drizzle/', 'node_modules/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks undefined names itself (svelte-check); ESLint's rule misreads type-only globals.
			'no-undef': 'off',
			// A leading underscore says "deliberately unused" (a destructured field left out, a callback's argument).
			// Our links within a page are query strings (`?page=2`, `?vue=produits`), which resolve() cannot
			// write; links to other routes use resolve() by the house rule, and goto() stays checked.
			'svelte/no-navigation-without-resolve': ['error', { ignoreLinks: true }],
			// The URLSearchParams flagged are made and thrown away inside functions that build a link: nothing observes them.
			'svelte/prefer-svelte-reactivity': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }
			]
		}
	},
	{
		// Tests read JSON answers of any shape.
		files: ['tests/**', '**/*.test.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	}
);
