// HTTP helpers of the project that routes in other files call (followed with and without types).
export async function getJson(url: string): Promise<unknown> {
  return (await fetch(url)).json();
}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`https://api.example${path}`, { ...init, headers: { accept: 'application/json' } });
}
