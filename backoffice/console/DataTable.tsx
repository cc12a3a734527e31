// One table for the console's lists (kiosks, data-subject requests): a column is a header and what a row shows in
// it, with an optional class (a state such as online or overdue); each row carries its data attribute (data-kiosk,
// data-request) so tests and staff tools can find it.
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: (row: T) => string | undefined;
}

export function DataTable<T>({
  testId,
  columns,
  rows,
  rowKey,
  rowAttribute,
}: {
  testId: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** The row's data attribute, e.g. ['data-kiosk', id]. */
  rowAttribute: (row: T) => [`data-${string}`, string];
}) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header}>{c.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const [name, value] = rowAttribute(row);
          return (
            <tr key={rowKey(row)} {...{ [name]: value }}>
              {columns.map((c) => (
                <td key={c.header} className={c.className?.(row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
