/**
 * Dybaseapi 2017-05-25 simulator: QueryTokenForMnsQueue behind the same RPC gateway as Dysmsapi. It hands
 * out a temporary AccessKey and SecurityToken for the account's receipt queue, valid for
 * `state.mnsTokenTtlSeconds`; CreateTime and ExpireTime are `yyyy-MM-dd HH:mm:ss` in China time, as
 * Alicom's own puller parses them (sources in nodes/providers/aliyun/receipts.ts).
 *
 * Where the document is silent: a MessageType other than SmsReport/SmsUp, or a QueueName that is not the
 * account's queue of that type, answers HTTP 200 isv.INVALID_PARAMETERS.
 */
import { ALIYUN_ACCOUNT } from '../accounts';
import type { SandboxState, VendorSimulator } from '../plugin';
import { formatChinaTime } from '../shared';
import type { QueueTokens } from './mns';
import { AliyunFault, RpcGateway, type RpcCall } from './rpc';

const DYBASEAPI_VERSION = '2017-05-25';
const MESSAGE_TYPES = ['SmsReport', 'SmsUp'];
const TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export function createDybaseSimulator(state: SandboxState, tokens: QueueTokens): VendorSimulator {
	const gateway = new RpcGateway(state, 'dybaseapi.aliyuncs.com', 'Dybaseapi');

	function queryToken({ params }: RpcCall): Record<string, unknown> {
		const messageType = params.get('MessageType') ?? '';
		const queueName = params.get('QueueName') ?? '';
		if (!MESSAGE_TYPES.includes(messageType)) {
			throw new AliyunFault(200, 'isv.INVALID_PARAMETERS', `MessageType ${messageType} is not supported.`);
		}
		if (queueName !== `Alicom-Queue-${ALIYUN_ACCOUNT.accountId}-${messageType}`) {
			throw new AliyunFault(200, 'isv.INVALID_PARAMETERS', `QueueName ${queueName} does not belong to this account.`);
		}
		const token = tokens.issue(queueName, state.mnsTokenTtlSeconds);
		return {
			MessageTokenDTO: {
				AccessKeyId: token.accessKeyId,
				AccessKeySecret: token.accessKeySecret,
				SecurityToken: token.securityToken,
				CreateTime: formatChinaTime(new Date(), TIME_FORMAT),
				ExpireTime: formatChinaTime(new Date(token.expiresAt), TIME_FORMAT),
			},
		};
	}

	return {
		name: 'aliyunDybase',
		apiOf: RpcGateway.actionOf,
		handle: (request) => gateway.serve(request, DYBASEAPI_VERSION, { QueryTokenForMnsQueue: queryToken }),
		throttleReply: () => gateway.throttleReply(),
	};
}
