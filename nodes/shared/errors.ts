import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { VendorError, type VendorErrorInfo } from '../providers';

/**
 * A failure as n8n shows it. A vendor failure keeps its code and HTTP status (n8n treats 401/403 as an
 * authentication problem); anything else (a failed expression, an invalid number) becomes an operation
 * error. `itemIndex` names the item when there is one.
 */
export function vendorNodeError(
	node: INode,
	error: unknown,
	context: { action: string; description?: string; itemIndex?: number },
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const { action, description, itemIndex } = context;
	if (!(error instanceof VendorError)) {
		return new NodeOperationError(node, error as Error, { itemIndex, description });
	}
	const { code, message } = error.info;
	return new NodeApiError(
		node,
		{ code, message },
		{
			message: `${action}: ${message} [${code}]`,
			description,
			// Business errors arrive with HTTP 200; only real HTTP failures carry a status worth showing.
			httpCode: error.httpStatus !== undefined && error.httpStatus >= 400 ? String(error.httpStatus) : undefined,
			itemIndex,
		},
	);
}

/** An item's failure as output items show it in their `error` field. */
export function itemError(error: unknown): Pick<VendorErrorInfo, 'code' | 'message' | 'retryable'> {
	if (error instanceof VendorError) {
		const { code, message, retryable } = error.info;
		return { code, message, retryable };
	}
	return {
		code: 'INVALID_PARAMETER',
		message: error instanceof Error ? error.message : String(error),
		retryable: false,
	};
}

/**
 * Marks an output item for n8n's error output (On Error: Continue using error output), keeping its json:
 * n8n routes an item whose item-level `error` is set, and merges the input item's fields into the copy it
 * routes. The error is not enumerable because that copy keeps only enumerable properties, and a copy that
 * kept `error` would have its json replaced by the bare message (n8n-core's normalizeNodeErrors).
 */
export function routeToErrorOutput(
	item: INodeExecutionData,
	error: NodeApiError | NodeOperationError,
): INodeExecutionData {
	Object.defineProperty(item, 'error', { value: error, enumerable: false, writable: true, configurable: true });
	return item;
}

/**
 * What a read operation outputs for an item that failed: thrown without Continue; under Continue, the
 * operation's own fields (`json`) with the item's `error`, on the error output when that is on.
 */
export function failedItem(
	context: IExecuteFunctions,
	failure: NodeApiError | NodeOperationError,
	cause: unknown,
	json: IDataObject,
	itemIndex: number,
): INodeExecutionData {
	if (!context.continueOnFail()) throw failure;
	const item: INodeExecutionData = { json: { ...json, error: itemError(cause) }, pairedItem: { item: itemIndex } };
	return context.getNode().onError === 'continueErrorOutput' ? routeToErrorOutput(item, failure) : item;
}
