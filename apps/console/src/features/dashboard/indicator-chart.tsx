import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';

export interface IndicatorChartRow {
  label: string;
  value: number | null;
  baseline: number | null;
  target: number | null;
}

/**
 * The indicator report as bars: each group's value beside its baseline and target. Loaded
 * with `import()` the first time a report shows (recharts is the heaviest part of the page).
 * The table under it carries the same figures for screen readers, so the chart is an image
 * named by `label`.
 */
export function IndicatorChart({ rows, label, names, format }: { rows: IndicatorChartRow[]; label: string; names: { value: string; baseline: string; target: string }; format: (n: number) => string }) {
  return (
    <div role="img" aria-label={label}>
      <BarChart
        h={280}
        data={rows.map((r) => ({ label: r.label, value: r.value, baseline: r.baseline, target: r.target }))}
        dataKey="label"
        valueFormatter={format}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        tickLine="y"
        xAxisProps={{ interval: 'preserveStartEnd' }}
        barChartProps={{ accessibilityLayer: false }}
        series={[
          { name: 'baseline', label: names.baseline, color: 'gray.6' },
          { name: 'value', label: names.value, color: 'blue.8' },
          { name: 'target', label: names.target, color: 'teal.8' },
        ]}
      />
    </div>
  );
}
