// PLACEHOLDER: replaced by the Chuanglan provider implementation.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { SmsProvider } from '../types';

export class ChuanglanProvider implements Partial<SmsProvider> {
	constructor(readonly credentials: ICredentialDataDecryptedObject, readonly options: object = {}) {}
}
