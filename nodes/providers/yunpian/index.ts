// PLACEHOLDER: replaced by the Yunpian provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export class YunpianProvider {
	constructor(
		readonly credentials: ICredentialDataDecryptedObject,
		readonly options: object = {},
	) {}
}
