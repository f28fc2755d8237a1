import { graphql } from '../../gql';

/** Every published template version with what the dashboard's pickers need (indicators and attributes are in `definition`). */
export const DashboardTemplatesDocument = graphql(`
  query DashboardTemplates {
    templates {
      id
      key
      version
      title
      indicators
      definition
    }
  }
`);

export const PortfolioSummaryDocument = graphql(`
  query PortfolioSummary {
    portfolio {
      clusters
      overdue
      byStatus {
        key
        count
      }
      byPhase {
        templateKey
        phase
        title
        count
        overdue
      }
    }
  }
`);

export const PhaseDurationsDocument = graphql(`
  query PhaseDurations($templateKey: String!) {
    phaseDurations(templateKey: $templateKey) {
      phase
      title
      visits
      completed
      current
      p50Days
      p90Days
      maxDays
    }
  }
`);

export const GateBottlenecksDocument = graphql(`
  query GateBottlenecks($templateKey: String!) {
    gateBottlenecks(templateKey: $templateKey) {
      gate
      title
      waiting
      medianWaitDays
      unmetKinds {
        key
        count
      }
    }
  }
`);

export const IndicatorReportDocument = graphql(`
  query IndicatorReport($templateKey: String!, $indicator: String!, $groupBy: IndicatorGrouping!, $attribute: String) {
    indicatorReport(templateKey: $templateKey, indicator: $indicator, groupBy: $groupBy, attribute: $attribute) {
      key
      label
      clusters
      value
      baseline
      target
      progress
    }
  }
`);
