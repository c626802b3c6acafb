// PLACEHOLDER: replaced by the Yunpian provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { SmsProvider } from '../types';

export class YunpianProvider implements Partial<SmsProvider> {
	constructor(readonly credentials: ICredentialDataDecryptedObject, readonly options: object = {}) {}
}
