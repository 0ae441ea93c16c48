import type { Row } from './report.ts';
import type { Lab } from './schema.ts';

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JUnit XML, one test case per step, for CI systems that show test reports. */
export function junitXml(lab: Pick<Lab, 'id'>, rows: readonly Row[], failure: string | undefined): string {
  const failures = rows.filter((row) => row.result === 'failed').length;
  const skipped = rows.filter((row) => row.result === 'skipped').length;
  const errors = rows.filter((row) => row.result === 'interrupted').length;
  const total = rows.reduce((sum, row) => sum + row.durationMs, 0) / 1000;
  const cases = rows.map((row) => {
    const open = `    <testcase classname="lab.${xmlEscape(lab.id)}" name="${xmlEscape(row.id)}" time="${(row.durationMs / 1000).toFixed(3)}"`;
    if (row.result === 'failed')
      return `${open}>\n      <failure message="${xmlEscape(failure ?? 'failed')}"/>\n    </testcase>`;
    if (row.result === 'skipped') return `${open}>\n      <skipped/>\n    </testcase>`;
    if (row.result === 'interrupted')
      return `${open}>\n      <error message="interrupted: the run was stopped while this step ran"/>\n    </testcase>`;
    return `${open}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites>`,
    `  <testsuite name="lab ${xmlEscape(lab.id)}" tests="${rows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${total.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
