// A search client that no catalogue lists: typed mode finds its cancellable methods by signature.
export interface SearchOptions {
  limit?: number;
  signal?: AbortSignal;
}
export declare class SearchClient {
  constructor(endpoint: string);
  search(query: string, options?: SearchOptions): Promise<string[]>;
  suggest(prefix: string, signal?: AbortSignal): Promise<string[]>;
  close(): void;
}
export interface ReportOptions {
  format: 'csv' | 'json';
}
