// Implementations of storage interfaces that a route in another file calls through the interface.
export interface UploadBackend {
  upload(key: string, body: string): Promise<void>;
}

export class HttpBackend implements UploadBackend {
  async upload(key: string, body: string): Promise<void> {
    await fetch(`https://blobs.example/${key}`, { method: 'PUT', body });
  }
}

export interface ArchiveBackend {
  archive(key: string): Promise<void>;
}

export class TimedArchive implements ArchiveBackend {
  async archive(key: string): Promise<void> {
    await fetch(`https://archive.example/${key}`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  }
}

export abstract class Notifier {
  abstract notify(message: string): Promise<void>;
}

export class WebhookNotifier extends Notifier {
  async notify(message: string): Promise<void> {
    await fetch('https://hooks.example/notify', { method: 'POST', body: message });
  }
}
