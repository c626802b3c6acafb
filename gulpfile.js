const path = require('path');
const { task, src, dest } = require('gulp');

// n8n resolves `file:` icons relative to the compiled node and credential files, so the SVGs must sit in dist/.
task('build:icons', copyIcons);

function copyIcons() {
	const iconSource = path.resolve('icons', '*.{png,svg}');
	const iconDestination = path.resolve('dist', 'icons');
	return src(iconSource, { encoding: false }).pipe(dest(iconDestination));
}
