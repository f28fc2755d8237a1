import { Paper, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** True on a phone-sized screen (under Mantine's `xs`, 576 px), where tables give way to stacked rows. */
export function useNarrow(): boolean {
  return useMediaQuery('(max-width: 35.99em)') ?? false;
}

export interface StackedRow {
  key: string;
  /** The row's first cell, shown as the card's heading line. */
  head: ReactNode;
  /** The other cells, each with its column's name. */
  cells: { label: string; value: ReactNode }[];
}

/** A table's rows as cards, one under the other, each cell with its column's name: for narrow screens. */
export function StackedList({ label, rows }: { label: string; rows: StackedRow[] }) {
  return (
    <Stack component="ul" aria-label={label} gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {rows.map((r) => (
        <Paper component="li" key={r.key} withBorder p="xs">
          <Stack gap={2}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {r.head}
            </Text>
            {r.cells.map((c) =>
              c.value === null || c.value === undefined || c.value === '' ? null : (
                <Text size="sm" component="div" key={c.label} style={{ overflowWrap: 'anywhere' }}>
                  <Text span size="sm" c="dimmed">
                    {c.label}:{' '}
                  </Text>
                  {c.value}
                </Text>
              ),
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
