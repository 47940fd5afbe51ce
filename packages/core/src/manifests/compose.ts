/**
 * docker-compose files: the services they declare, with the keys the manifest rules read
 * (`image`, `environment`, `init`, `command`). Compose files are YAML; they are told apart from
 * Kubernetes YAML by their name (`compose.yaml`, `docker-compose.*.yml`) and a `services` map.
 */
import type { Node } from 'yaml';
import { at, isMap, mapEntries, type YamlFile } from './yaml.js';

export interface ComposeService {
  name: string;
  node: Node;
  keyNode: Node;
}

const COMPOSE_NAME = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;

export function isComposeFileName(name: string): boolean {
  return COMPOSE_NAME.test(name);
}

export function composeServices(file: YamlFile): ComposeService[] {
  const out: ComposeService[] = [];
  for (const doc of file.documents) {
    const services = at(doc.contents, 'services');
    if (!isMap(services)) continue;
    for (const { key, keyNode, value } of mapEntries(services)) {
      if (isMap(value)) out.push({ name: key, node: value, keyNode });
    }
  }
  return out;
}
