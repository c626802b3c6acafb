/** What the two read-only operations, Check Template and Get Status, share. */
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type INodeProperties } from 'n8n-workflow';

import { VendorError, type RequestSettings } from '../../providers';

const DEFAULT_TIMEOUT_MS = 10_000;

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'Milliseconds to wait for each vendor request',
};

export function requestSettings(options: IDataObject): RequestSettings {
	const timeoutMs = Math.floor(Number(options.timeout));
	return { timeoutMs: timeoutMs > 0 ? timeoutMs : DEFAULT_TIMEOUT_MS };
}

/**
 * The error n8n shows for one item. A vendor failure keeps its code and HTTP status (n8n treats
 * 401/403 as an authentication problem); anything else (a failed expression, an invalid number)
 * becomes an operation error. Either way it names the item.
 */
export function itemError(
	node: INode,
	error: unknown,
	itemIndex: number,
	what: { action: string; description?: string },
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!(error instanceof VendorError)) {
		return new NodeOperationError(node, error as Error, { itemIndex, description: what.description });
	}
	const { code, message } = error.info;
	return new NodeApiError(
		node,
		{ code, message },
		{
			message: `${what.action}: ${message} [${code}]`,
			description: what.description,
			// Business errors arrive with HTTP 200; only real HTTP failures carry a status worth showing.
			httpCode: error.httpStatus !== undefined && error.httpStatus >= 400 ? String(error.httpStatus) : undefined,
			itemIndex,
		},
	);
}
