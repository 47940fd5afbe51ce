// The service's logger module, imported by require-structured-logging's typed cases.
import pino from 'pino';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
export default logger.child({ component: 'http' });
