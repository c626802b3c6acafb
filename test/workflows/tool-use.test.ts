/**
 * SMS Campaign as a tool of an n8n AI Agent. n8n's loader derives `smsCampaignTool` from any node with
 * `usableAsTool`; at run time n8n-core's `createNodeAsTool` turns the configured node into the LangChain
 * tool the agent calls — its name from the node name, its description from the user's tool description
 * or, set automatically, from the node's description, its input schema from the `$fromAI()` placeholders —
 * and the agent's arguments reach the node as its input item, where `$fromAI()` reads them.
 */
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';
import { NodeHelpers, type INode, type INodeParameters } from 'n8n-workflow';

import { SmsCampaign } from '../../nodes/SmsCampaign/SmsCampaign.node';
import { SmsDeliveryReceiptTrigger } from '../../nodes/SmsDeliveryReceiptTrigger/SmsDeliveryReceiptTrigger.node';
import { SmsReplyTrigger } from '../../nodes/SmsReplyTrigger/SmsReplyTrigger.node';
import { defineDemoTemplates } from '../demo/templates';
import { runWorkflow, SMS_CAMPAIGN_TYPE } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

/** Tool names LLM APIs accept (OpenAI's limit, which n8n-core enforces for `$fromAI` keys too). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** The node as a user sets it up under an AI Agent: the agent fills the phone and the variables. */
const agentParameters: INodeParameters = {
	descriptionType: 'auto',
	provider: 'aliyun',
	operation: 'send',
	phone: "={{ $fromAI('phone', 'The member\\'s mobile number', 'string') }}",
	templateId: 'SMS_100001',
	variablesMode: 'fields',
	templateVariables: {
		variable: [
			{ name: 'name', value: "={{ $fromAI('name', 'The member\\'s name', 'string') }}" },
			{ name: 'points', value: "={{ $fromAI('points', 'Points about to expire', 'number') }}" },
		],
	},
	options: {},
};

const smsCampaign = new SmsCampaign();
function toolFor(parameters: INodeParameters) {
	const node: INode = {
		id: 'sms-tool',
		name: NodeHelpers.makeNodeName(parameters, smsCampaign.description),
		type: `${SMS_CAMPAIGN_TYPE}Tool`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	return createNodeAsTool({ node, nodeType: smsCampaign, handleToolInvocation: async () => undefined }).response;
}

describe('SMS Campaign as an AI Agent tool', () => {
	it('declares itself usable as a tool', () => {
		expect(smsCampaign.description.usableAsTool).toBeTruthy();
	});

	it("becomes a tool with a valid name, the node's description and the $fromAI inputs as schema", () => {
		const tool = toolFor(agentParameters);

		expect(tool.name).toMatch(TOOL_NAME);
		expect(tool.name).toBe('SMS_Campaign');
		expect(tool.description).toBe(smsCampaign.description.description);
		expect(Object.keys(tool.schema.shape).sort()).toEqual(['name', 'phone', 'points']);
		expect(tool.schema.safeParse({ phone: '13800138000', name: '张三', points: 120 }).success).toBe(true);
	});

	it('keeps the description the user writes for the tool', () => {
		const tool = toolFor({
			...agentParameters,
			descriptionType: 'manual',
			toolDescription: 'Text a member about expiring points',
		});

		expect(tool.description).toBe('Text a member about expiring points');
	});
});

describe('an agent tool call through n8n-core', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox();
		defineDemoTemplates(sandbox);
	});
	afterAll(async () => await sandbox.close());

	it('sends the SMS to the phone and with the variables the agent chose', async () => {
		const toolArguments = { phone: '13800138000', name: '张三', points: 120 };

		const { outputs, error } = await runWorkflow({
			items: [toolArguments],
			node: { parameters: agentParameters },
			credentials: { aliyunSmsApi: sandbox.credentials.aliyunSmsApi },
		});

		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ phone: '+8613800138000', status: 'accepted', error: null }),
		]);
		expect(sandbox.sent('aliyun').map((message) => message.text)).toEqual([
			'【沙箱测试】您好张三，您的会员积分120即将到期。',
		]);
	});
});

describe.each([
	['SMS Delivery Receipt Trigger', new SmsDeliveryReceiptTrigger()],
	['SMS Reply Trigger', new SmsReplyTrigger()],
])('%s', (_name, trigger) => {
	it('is not offered as a tool: a trigger starts workflows, an agent cannot call it', () => {
		expect(trigger.description.usableAsTool).toBeUndefined();
	});
});
