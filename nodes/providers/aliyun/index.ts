// PLACEHOLDER: replaced by the Aliyun provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { SmsProvider } from '../types';

export class AliyunProvider implements Partial<SmsProvider> {
	constructor(readonly credentials: ICredentialDataDecryptedObject, readonly options: object = {}) {}
}
