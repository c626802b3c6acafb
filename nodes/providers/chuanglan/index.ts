// PLACEHOLDER: replaced by the Chuanglan provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export class ChuanglanProvider {
	constructor(
		readonly credentials: ICredentialDataDecryptedObject,
		readonly options: object = {},
	) {}
}
