import { plainJsonPath, readPath } from '../../nodes/campaign/itemFields';

describe('plainJsonPath', () => {
	it.each([
		['={{ $json.phone }}', ['phone']],
		['={{$json.phone}}', ['phone']],
		['={{ $json.user.phone }}', ['user', 'phone']],
		['={{ $json["first name"] }}', ['first name']],
		["={{ $json['mobile'] }}", ['mobile']],
		['={{ $json.phones[0] }}', ['phones', '0']],
		['={{ $json }}', []],
	])('reads %s as a path into the item', (expression, path) => {
		expect(plainJsonPath(expression)).toEqual(path);
	});

	it.each([
		'={{ $json.phone.trim() }}',
		'={{ "+86" + $json.phone }}',
		'=+86{{ $json.phone }}',
		'={{ $json.phone }} ',
		'={{ $("Other").item.json.phone }}',
		'={{ $json.phone || $json.mobile }}',
		'$json.phone',
	])('leaves %s to n8n', (expression) => {
		expect(plainJsonPath(expression)).toBeUndefined();
	});
});

describe('readPath', () => {
	it('walks nested objects and arrays', () => {
		expect(readPath({ user: { phones: ['138'] } }, ['user', 'phones', '0'])).toBe('138');
	});

	it('gives undefined through a missing field instead of failing', () => {
		expect(readPath({}, ['user', 'phone'])).toBeUndefined();
		expect(readPath({ user: null }, ['user', 'phone'])).toBeUndefined();
	});
});
