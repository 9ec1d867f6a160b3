import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Form posts are checked against the request origin (CSRF): SvelteKit's default, kept.
		adapter: adapter({ out: 'build' })
	}
};

export default config;
