// PLACEHOLDER: replaced by the Aliyun simulators (Dysmsapi, Dybaseapi, MNS queue).
import type { SandboxState, VendorSimulator } from '../plugin';

export function createAliyunSimulators(state: SandboxState): {
	sms: VendorSimulator;
	dybase: VendorSimulator;
	mns: VendorSimulator;
} {
	const unavailable = (name: VendorSimulator['name']): VendorSimulator => ({
		name,
		apiOf: () => 'unavailable',
		handle: () => ({ status: 501, body: `{"Code":"NotBuilt","Message":"${state.nextId()}"}` }),
		throttleReply: () => ({ status: 400, body: '{"Code":"Throttling.User"}' }),
	});
	return { sms: unavailable('aliyun'), dybase: unavailable('aliyunDybase'), mns: unavailable('aliyunMns') };
}
