import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, readCsv, type CsvInput, type CsvOptions, type CsvRecord } from '../../src/domain/import/csv.js';
import { NotUtf8Error } from '../../src/domain/import/file-decoder.js';
import { inEnglish } from '../support/import-words.js';

interface Parsed {
  header: readonly string[];
  delimiter: string;
  headerLine: number;
  records: CsvRecord[];
}

async function parse(input: CsvInput, maxRecordLength?: number): Promise<Parsed> {
  const reader = readCsv(input, maxRecordLength === undefined ? {} : { maxRecordLength });
  const header = await reader.header();
  const records: CsvRecord[] = [];
  for await (const record of reader) records.push(record);
  return { header: header.names, delimiter: header.delimiter, headerLine: header.line, records };
}

const parseText = (text: string): Promise<Parsed> => parse([text]);

async function parseError(input: CsvInput): Promise<CsvParseError> {
  const error: unknown = await parse(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvParseError);
  return error as CsvParseError;
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('readCsv: header and delimiter', () => {
  it('reads a comma-separated file, header trimmed and lower-cased', async () => {
    const parsed = await parseText(' SKU , Name,Stock\nA-1,Caneta,10\nA-2,Lápis,0\n');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.header).toEqual(['sku', 'name', 'stock']);
    expect(parsed.headerLine).toBe(1);
    expect(parsed.records).toEqual([
      { line: 2, fields: ['A-1', 'Caneta', '10'] },
      { line: 3, fields: ['A-2', 'Lápis', '0'] },
    ]);
  });

  it('uses ; when the header line has one, so commas are decimal separators in values', async () => {
    const parsed = await parseText('sku;total\nA-1;1.234,56\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.records).toEqual([{ line: 2, fields: ['A-1', '1.234,56'] }]);
  });

  it('a ; only in a data line does not switch the delimiter', async () => {
    const parsed = await parseText('sku,name\nA-1,a;b\n');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.records[0]?.fields).toEqual(['A-1', 'a;b']);
  });

  // Interpretation of "the header line contains a ;": a ; outside double quotes. Inside a quoted
  // header name it is part of the name (the literal reading would make this file unparseable).
  it('a ; inside a quoted header name does not make ; the delimiter', async () => {
    const parsed = await parseText('"a;b",c\n1,2\n');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.header).toEqual(['a;b', 'c']);
    expect(parsed.records).toEqual([{ line: 2, fields: ['1', '2'] }]);
  });

  it('a ; outside quotes wins even when the header also has commas', async () => {
    const parsed = await parseText('"sku";"name, full"\nA-1;"Caneta, azul"\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.header).toEqual(['sku', 'name, full']);
    expect(parsed.records[0]?.fields).toEqual(['A-1', 'Caneta, azul']);
  });

  it('decides the delimiter from the header even when the header line arrives in pieces', async () => {
    const parsed = await parse(['sku,na', 'me;x', '\n1;2\n']);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.header).toEqual(['sku,name', 'x']);
  });

  it('strips a UTF-8 BOM from string and byte input', async () => {
    const fromString = await parseText('\ufeffsku;name\nA;B\n');
    expect(fromString.header).toEqual(['sku', 'name']);
    const fromBytes = await parse([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('sku,name\nA,B\n')])]);
    expect(fromBytes.header).toEqual(['sku', 'name']);
    expect(fromBytes.records).toEqual([{ line: 2, fields: ['A', 'B'] }]);
  });

  it('strips a BOM split across byte chunks', async () => {
    const parsed = await parse([Buffer.from([0xef]), Buffer.from([0xbb, 0xbf]), bytes('sku\nA\n')]);
    expect(parsed.header).toEqual(['sku']);
  });

  it('skips blank lines before the header and uses the header line for the delimiter', async () => {
    const parsed = await parseText('\n   \nsku;name\nA;B\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.header).toEqual(['sku', 'name']);
    expect(parsed.headerLine).toBe(3);
    expect(parsed.records).toEqual([{ line: 4, fields: ['A', 'B'] }]);
  });

  it('a file without a final line break keeps its last record', async () => {
    const parsed = await parseText('a,b\n1,2');
    expect(parsed.records).toEqual([{ line: 2, fields: ['1', '2'] }]);
  });

  it('a header-only file has no records', async () => {
    const parsed = await parseText('sku,name\n');
    expect(parsed.header).toEqual(['sku', 'name']);
    expect(parsed.records).toEqual([]);
  });
});

describe('readCsv: RFC 4180 fields', () => {
  it('handles doubled quotes, quoted delimiters and empty fields', async () => {
    const parsed = await parseText('a,b,c\n"say ""hi""","x,y",\n,"",z\n');
    expect(parsed.records).toEqual([
      { line: 2, fields: ['say "hi"', 'x,y', ''] },
      { line: 3, fields: ['', '', 'z'] },
    ]);
  });

  it('reports the field count of ragged rows and trailing delimiters to the caller', async () => {
    const parsed = await parseText('a;b\n1;2;\n1\n');
    expect(parsed.records.map((r) => r.fields.length)).toEqual([3, 1]);
    expect(parsed.records[0]?.fields).toEqual(['1', '2', '']);
  });

  it('keeps line breaks inside quotes and reports the line where each record starts', async () => {
    const text = 'sku,note\nA,"first\nsecond\nthird"\nB,plain\n"C\n",x\n';
    const parsed = await parseText(text);
    expect(parsed.records).toEqual([
      { line: 2, fields: ['A', 'first\nsecond\nthird'] },
      { line: 5, fields: ['B', 'plain'] },
      { line: 6, fields: ['C\n', 'x'] },
    ]);
  });

  it('accepts CRLF line ends (and keeps a quoted CRLF as is)', async () => {
    const parsed = await parseText('a,b\r\n1,"x\r\ny"\r\n\r\n2,3\r\n');
    expect(parsed.records).toEqual([
      { line: 2, fields: ['1', 'x\r\ny'] },
      { line: 5, fields: ['2', '3'] },
    ]);
  });

  it('accepts lone CR line ends', async () => {
    const parsed = await parseText('a,b\r1,2\r3,4');
    expect(parsed.records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('skips blank and whitespace-only lines but not a line of empty fields or ""', async () => {
    const parsed = await parseText('a,b\n\n  \t \n1,2\n\n,\n""\n');
    expect(parsed.records).toEqual([
      { line: 4, fields: ['1', '2'] },
      { line: 6, fields: ['', ''] },
      { line: 7, fields: [''] },
    ]);
  });

  it('keeps spaces around unquoted values (trimming is the value parsers\' job)', async () => {
    const parsed = await parseText('a,b\n 1 , x \n');
    expect(parsed.records[0]?.fields).toEqual([' 1 ', ' x ']);
  });

  it('keeps injection-looking text as plain data', async () => {
    const parsed = await parseText(`sku;name\nA;"'; DROP TABLE products; --"\nB;<script>\n`);
    expect(parsed.records).toEqual([
      { line: 2, fields: ['A', "'; DROP TABLE products; --"] },
      { line: 3, fields: ['B', '<script>'] },
    ]);
  });
});

describe('readCsv: errors', () => {
  it('refuses an empty file', async () => {
    const error = await parseError(['']);
    expect(error.line).toBe(1);
    expect(error.message).toBe('line 1: import.csv.empty');
    expect(inEnglish(error.problem)).toBe('the file is empty: a header row is required');
  });

  it('refuses a file with only a BOM and blank lines', async () => {
    const error = await parseError(['\ufeff\n\r\n  \n']);
    expect(inEnglish(error.problem)).toBe('the file is empty: a header row is required');
  });

  it('reports an unterminated quote at the line where the quoted field starts', async () => {
    const error = await parseError(['a,b\n1,2\n3,"open\nmore\n']);
    expect(error.line).toBe(3);
    expect(inEnglish(error.problem)).toBe(
      'a quoted field starting on this line is never closed (missing closing quote)',
    );
  });

  it('reports a stray quote in an unquoted field with its line', async () => {
    const error = await parseError(['a,b\n1,2\n3,4 "inch"\n']);
    expect(error.line).toBe(3);
    expect(inEnglish(error.problem)).toBe(
      'unexpected quote inside an unquoted field (quote the whole field and double the quote: "")',
    );
  });

  it('reports text after a closing quote', async () => {
    const error = await parseError(['a,b\n"x"y,2\n']);
    expect(error.line).toBe(2);
    expect(inEnglish(error.problem)).toBe(
      'unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")',
    );
  });

  it('reports an unterminated quote on the line where that field starts, in a record of several lines', async () => {
    const error = await parseError(['a,b\n"x\ny","open\nmore\n']);
    expect(error.line).toBe(3);
    expect(error.problem).toEqual({ key: 'import.csv.quoteNotClosed' });
  });

  it('a quote after spaces opens no quoted field, and spaces after a closing quote are text after it', async () => {
    expect((await parseError(['a,b\n1, "x"\n'])).problem).toEqual({ key: 'import.csv.openingQuote' });
    const closing = await parseError(['a,b\r\n1,2\r\n"x" ,2\r\n']);
    expect(closing.line).toBe(3);
    expect(closing.problem).toEqual({ key: 'import.csv.closingQuote' });
  });

  it('reports a stray quote on the right physical line after a multi-line field', async () => {
    const error = await parseError(['a,b\n"1\n2",x\ny,bad"\n']);
    expect(error.line).toBe(4);
  });

  it('reads a UTF-8 sequence cut off at the end of an ASCII file as Windows-1252', async () => {
    const reader = readCsv([Buffer.concat([bytes('a\nx'), Buffer.from([0xc3])])]);
    await reader.header();
    const records: CsvRecord[] = [];
    for await (const record of reader) records.push(record);
    expect(records).toEqual([{ line: 2, fields: ['xÃ'] }]);
    expect(reader.encoding).toBe('windows-1252');
  });
  it('refuses a record longer than the limit instead of buffering the rest of the file', async () => {
    const input = ['a,b\n1,2\n3,"', 'x'.repeat(50), '\n'.repeat(5), 'y,z\n'];
    const error: unknown = await parse(input, 40).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvParseError);
    expect((error as CsvParseError).line).toBe(3);
    expect(inEnglish((error as CsvParseError).problem)).toBe(
      'the row is longer than 40 characters (is a closing quote missing?)',
    );
    // Within the limit the same shape parses.
    expect((await parse(['a,b\n3,"', 'x'.repeat(10), '"\n'], 40)).records).toHaveLength(1);
  });

  it('refuses a header longer than the limit', async () => {
    const error: unknown = await parse(['"', 'h'.repeat(100)], 40).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvParseError);
    expect(inEnglish((error as CsvParseError).problem)).toBe('the header is longer than 40 characters');
  });

  it('refuses input chunks that are neither text nor bytes', async () => {
    const reader = readCsv([42 as unknown as string]);
    await expect(reader.header()).rejects.toThrow('readCsv: input chunks must be strings or bytes');
  });
});

describe('readCsv: chunk boundaries', () => {
  // Multi-byte characters (2, 2 and 4 bytes in UTF-8), a BOM, CRLF, a quoted CRLF, "" and a
  // quoted delimiter: every split point must give the same result as the whole file.
  const sample =
    '\ufeffsku;name;note\r\n' +
    'É-1;"Café ""forte""; 🙂";"linha 1\r\nlinha 2"\r\n' +
    '\r\n' +
    'ç-2;Açúcar;🙂🙂\n' +
    '"x";"";fim';
  const expected: Parsed = {
    header: ['sku', 'name', 'note'],
    delimiter: ';',
    headerLine: 1,
    records: [
      { line: 2, fields: ['É-1', 'Café "forte"; 🙂', 'linha 1\r\nlinha 2'] },
      { line: 5, fields: ['ç-2', 'Açúcar', '🙂🙂'] },
      { line: 6, fields: ['x', '', 'fim'] },
    ],
  };
  const sampleBytes = bytes(sample);

  it('the sample parses as expected in one piece', async () => {
    expect(await parse([sampleBytes])).toEqual(expected);
  });

  it('gives the same result when the bytes are split in two at every position', async () => {
    for (let i = 0; i <= sampleBytes.length; i++) {
      const chunks = [sampleBytes.subarray(0, i), sampleBytes.subarray(i)];
      expect(await parse(chunks), `split at byte ${i}`).toEqual(expected);
    }
  });

  it('gives the same result when the bytes are split in three at every pair of positions', async () => {
    for (let i = 0; i <= sampleBytes.length; i += 1) {
      for (let j = i; j <= sampleBytes.length; j += 3) {
        const chunks = [sampleBytes.subarray(0, i), sampleBytes.subarray(i, j), sampleBytes.subarray(j)];
        expect(await parse(chunks), `split at bytes ${i} and ${j}`).toEqual(expected);
      }
    }
  });

  it('gives the same result fed one byte at a time', async () => {
    const chunks = [...sampleBytes].map((b) => Buffer.from([b]));
    expect(await parse(chunks)).toEqual(expected);
  });

  it('gives the same result for string chunks split at every UTF-16 position', async () => {
    for (let i = 0; i <= sample.length; i++) {
      expect(await parse([sample.slice(0, i), sample.slice(i)]), `split at char ${i}`).toEqual(expected);
    }
  });

  it('reads a Node Readable stream', async () => {
    const stream = Readable.from([sampleBytes.subarray(0, 7), sampleBytes.subarray(7)], { objectMode: true });
    expect(await parse(stream)).toEqual(expected);
  });

  it('reports correct lines for a CRLF split between \\r and \\n', async () => {
    const parsed = await parse(['a,b\r', '\n1,2\r', '\n\r', '\n3,4\r\n']);
    expect(parsed.records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });
});

describe('readCsv: streaming', () => {
  // A record is yielded as soon as its line end is read: three records, three chunks after the header's.
  it('yields each record with the chunk that completes it, and stops the input on break', async () => {
    let chunksPulled = 0;
    let inputClosed = false;
    async function* input(): AsyncGenerator<string> {
      try {
        for (let i = 0; ; i++) {
          chunksPulled++;
          yield i === 0 ? 'sku,stock\n' : `S-${i},${i}\n`;
        }
      } finally {
        inputClosed = true;
      }
    }
    const reader = readCsv(input());
    expect((await reader.header()).names).toEqual(['sku', 'stock']);
    const seen: CsvRecord[] = [];
    for await (const record of reader) {
      seen.push(record);
      if (seen.length === 3) break;
    }
    expect(seen.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(chunksPulled).toBe(4); // an infinite input: reading all of it would never end
    expect(inputClosed).toBe(true);
  });

  it('batches() gives the records of each chunk together, those read with the header first', async () => {
    const reader = readCsv(['a,b\n1,2\n3,', '4\n5,6\n\n', '7,8']);
    expect((await reader.header()).names).toEqual(['a', 'b']);
    const batches: number[][] = [];
    for await (const batch of reader.batches()) batches.push(batch.map((r) => r.line));
    expect(batches).toEqual([[2], [3, 4], [6]]);
  });

  it('close() releases the input when only the header was read', async () => {
    let inputClosed = false;
    async function* input(): AsyncGenerator<string> {
      try {
        yield 'a,b\n';
        yield '1,2\n';
      } finally {
        inputClosed = true;
      }
    }
    const reader = readCsv(input());
    await reader.header();
    await reader.close();
    expect(inputClosed).toBe(true);
  });

  it('parses 200k rows streamed in small chunks', async () => {
    const rows = 200_000;
    function* input(): Generator<string> {
      yield 'sku;stock\n';
      for (let i = 1; i <= rows; i++) yield `SKU-${i};"${i}"\n`;
    }
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const record of readCsv(input())) {
      count++;
      last = record;
    }
    expect(count).toBe(rows);
    expect(last).toEqual({ line: rows + 1, fields: [`SKU-${rows}`, String(rows)] });
  });
});

describe('readCsv: encoding', () => {
  // What Excel pt-BR saves as "CSV": Windows-1252, with accents, a euro sign and curly quotes
  // (0x80–0x9F, where Windows-1252 and Latin-1 differ).
  const excel = Buffer.from([
    ...Buffer.from('code;name;note\r\nEMP-1;Jo', 'latin1'),
    0xe3, // ã
    ...Buffer.from('o Concei', 'latin1'),
    0xe7, 0xe3, // çã
    ...Buffer.from('o;', 'latin1'),
    0x93, // “
    ...Buffer.from('caf', 'latin1'),
    0xe9, // é
    0x94, // ”
    ...Buffer.from(' ', 'latin1'),
    0x80, // €
    0x96, // –
    ...Buffer.from('\r\n', 'latin1'),
  ]);
  const expected = [{ line: 2, fields: ['EMP-1', 'João Conceição', '“café” €–'] }];

  async function read(input: CsvInput, options?: CsvOptions): Promise<{ records: CsvRecord[]; encoding: string }> {
    const reader = readCsv(input, options);
    await reader.header();
    const records: CsvRecord[] = [];
    for await (const record of reader) records.push(record);
    return { records, encoding: reader.encoding };
  }

  it('reads a file that is not UTF-8 as Windows-1252, and says so', async () => {
    expect(await read([excel])).toEqual({ records: expected, encoding: 'windows-1252' });
  });

  it('gives the same result for a Windows-1252 file split at every position', async () => {
    for (let i = 0; i <= excel.length; i++) {
      expect(await read([excel.subarray(0, i), excel.subarray(i)]), `split at byte ${i}`).toEqual({ records: expected, encoding: 'windows-1252' });
    }
  });

  it('a UTF-8 file, with or without BOM, stays UTF-8', async () => {
    const utf8 = bytes('code;name\nEMP-1;João\n');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const result = { records: [{ line: 2, fields: ['EMP-1', 'João'] }], encoding: 'utf-8' };
    expect(await read([utf8])).toEqual(result);
    expect(await read([withBom])).toEqual(result);
    expect(await read([withBom.subarray(0, 1), withBom.subarray(1, 2), withBom.subarray(2)])).toEqual(result);
  });

  it('an invalid byte late in a file that was ASCII so far switches to Windows-1252 without changing what was read', async () => {
    const head = 'code;name\n' + Array.from({ length: 50 }, (_, i) => `EMP-${i};Ana\n`).join('');
    const tail = Buffer.from('EMP-X;Jo\xe3o\n', 'latin1');
    const { records, encoding } = await read([bytes(head), tail]);
    expect(encoding).toBe('windows-1252');
    expect(records).toHaveLength(51);
    expect(records[0]).toEqual({ line: 2, fields: ['EMP-0', 'Ana'] });
    expect(records[50]).toEqual({ line: 52, fields: ['EMP-X', 'João'] });
  });

  it('an invalid byte after UTF-8 accents stops the reading with the line (the caller reads again as Windows-1252)', async () => {
    const utf8Part = bytes('code;name\nEMP-1;João\nEMP-2;Ana\n');
    const error: unknown = await read([utf8Part, Buffer.from('EMP-3;Jo\xe3o\n', 'latin1')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect((error as NotUtf8Error).line).toBe(4);
  });

  it('reads as Windows-1252 from the start when told to, BOM-like bytes included', async () => {
    const mixed = Buffer.concat([bytes('code;name\nEMP-1;João\n'), Buffer.from('EMP-3;Jo\xe3o\n', 'latin1')]);
    const { records, encoding } = await read([mixed], { encoding: 'windows-1252' });
    expect(encoding).toBe('windows-1252');
    expect(records.map((r) => r.fields[1])).toEqual(['JoÃ£o', 'João']);
  });
});

describe('readCsv: any file written by the RFC 4180 rules reads back as written', () => {
  // Generated files: fields with delimiters, quotes, line breaks, spaces, accents and emoji, either
  // delimiter, LF or CRLF, with or without a final line break, cut into byte chunks anywhere.
  const piece = fc.constantFrom('a', 'Z', '7', ' ', ',', ';', '"', '\n', '\r\n', 'é', 'Ç', '€', '🙂', 'R$ 1.234,56', '=SUM(A1)');
  const field = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
  const file = fc
    .record({
      columns: fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,8}$/), { minLength: 2, maxLength: 5 }),
      delimiter: fc.constantFrom<',' | ';'>(',', ';'),
      eol: fc.constantFrom('\n', '\r\n'),
      finalEol: fc.boolean(),
      rowCount: fc.nat(12),
      seed: fc.array(field, { minLength: 60, maxLength: 60 }),
      cuts: fc.array(fc.nat(), { maxLength: 6 }),
    })
    .map(({ columns, seed, rowCount, ...rest }) => ({
      ...rest,
      columns,
      rows: Array.from({ length: rowCount }, (_, r) => columns.map((_, c) => seed[(r * columns.length + c) % seed.length]!)),
    }));

  it('round-trips fields, line numbers and the delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ columns, rows, delimiter, eol, finalEol, cuts }) => {
        const quote = (f: string) => (/[",;\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
        const lines = [columns.join(delimiter), ...rows.map((row) => row.map(quote).join(delimiter))];
        const text = lines.join(eol) + (finalEol ? eol : '');
        const data = bytes(text);
        const positions = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...positions].map((start, i) => data.subarray(start, [...positions, data.length][i]));

        let line = 2;
        const expected = rows.map((fields) => {
          const record = { line, fields };
          line += fields.join('').split('\n').length; // its own line, and one per line break inside it
          return record;
        });
        expect(await parse(chunks)).toEqual({ header: columns, delimiter, headerLine: 1, records: expected });
      }),
      { numRuns: 300 },
    );
  });
});
