import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { VendorError } from '../providers';

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
