// PLACEHOLDER: replaced by the Aliyun provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export class AliyunProvider {
	constructor(
		readonly credentials: ICredentialDataDecryptedObject,
		readonly options: object = {},
	) {}
}
