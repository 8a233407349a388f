// How a CSV file writes its money columns (README, "CSV files"): in a `;`-delimited file, or in a
// column with a decimal comma anywhere, dots only group thousands, so `1.234` is 1234. Otherwise
// `1.234` could be 1234 or 1.234 and is refused naming both readings.
//
// "Anywhere in the column" is only known at the end of the file, and imports are streamed. The
// convention is learned as the file is read: a decimal comma settles its column for every later
// row, and rows are never buffered. A `1.234` met *before* the column's first decimal comma was
// refused at the time; the refusal means nothing is written (the import is one transaction), and
// the caller then reads the file once more with the column settled from the start
// (`settledLate`). That second pass is the price of the rare file that mixes both, in exchange for
// memory that stays bounded by one batch whatever the file's size.
import type { ImportKind } from './rows.js';
import { amountNotation, type MoneyOptions } from './values.js';

/** The money columns of each kind of file. */
export const MONEY_COLUMNS: { readonly [K in ImportKind]: readonly string[] } = {
  products: [],
  orders: ['total'],
  employees: [],
};

export class MoneyConventions {
  private readonly decimalComma: Set<string>;
  private readonly refusedUnsettled = new Set<string>();

  /**
   * @param columns the kind's money columns
   * @param semicolon the file is `;`-delimited: dots group thousands in every money column
   * @param settled columns known (from an earlier pass) to have a decimal comma
   */
  constructor(
    private readonly columns: readonly string[],
    private readonly semicolon: boolean,
    settled: Iterable<string> = [],
  ) {
    this.decimalComma = new Set(settled);
  }

  /** Called with each record before it is validated. */
  observe(record: Readonly<Record<string, string | undefined>>): void {
    for (const column of this.columns) {
      const raw = record[column];
      if (raw === undefined) continue;
      const notation = amountNotation(raw);
      if (notation === 'decimalComma') this.decimalComma.add(column);
      else if (notation === 'ambiguous' && !this.dotsGroupThousands(column)) this.refusedUnsettled.add(column);
    }
  }

  /** How a value of `column` is read now. */
  readonly options = (column: string): MoneyOptions => ({
    dotsGroupThousands: this.dotsGroupThousands(column),
    inFile: true,
  });

  /** Columns with a decimal comma so far. */
  get settled(): readonly string[] {
    return [...this.decimalComma];
  }

  /** Columns where `1.234` was refused before a later decimal comma settled them: worth reading again. */
  get settledLate(): readonly string[] {
    return [...this.refusedUnsettled].filter((column) => this.decimalComma.has(column));
  }

  private dotsGroupThousands(column: string): boolean {
    return this.semicolon || this.decimalComma.has(column);
  }
}
