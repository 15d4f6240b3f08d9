/**
 * Another app server, for the audit contract: opens the store at <url> and
 * appends <count> entries, one transaction each, while others do the same.
 * Usage: node --import tsx audit-writer.ts <url> <tag> <count>
 */
import { auditRecord } from '../../src/audit/index.js';
import { openStore } from '../../src/store/index.js';

const [url, tag, count] = process.argv.slice(2);
const store = await openStore(url);
for (let i = 0; i < Number(count); i++) {
  await store.appendAudit(
    auditRecord(
      `cli:${tag}`,
      'office.appointed',
      { member: `${tag}-${i}`, unit: 'party', role: 'scrutineer' },
      new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    ),
  );
}
await store.close();
