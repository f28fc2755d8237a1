import { graphql } from '../../gql';

export const TemplatesListDocument = graphql(`
  query TemplatesList {
    templates {
      id
      key
      version
      title
      description
      publishedAt
      publishedBy
    }
  }
`);

export const TemplateVersionDocument = graphql(`
  query TemplateVersion($key: String!, $version: Int) {
    template(key: $key, version: $version) {
      id
      key
      version
      title
      description
      publishedAt
      publishedBy
      sha256
      source
      diagram
      phases {
        id
        key
        title
        due
        final
      }
      gates {
        id
        key
        title
        from
        to
      }
      warnings {
        path
        line
        column
        message
      }
    }
    templates(key: $key) {
      id
      version
      publishedAt
      publishedBy
    }
  }
`);

export const ValidateTemplateDocument = graphql(`
  query ValidateTemplate($source: String!) {
    validateTemplate(source: $source) {
      valid
      diagram
      errors {
        path
        line
        column
        message
      }
      warnings {
        path
        line
        column
        message
      }
    }
  }
`);

export const PublishTemplateDocument = graphql(`
  mutation PublishTemplate($source: String!) {
    publishTemplate(source: $source) {
      id
      key
      version
      title
    }
  }
`);

export const MigrateAllDocument = graphql(`
  mutation MigrateAll($templateKey: String!, $fromVersion: Int!, $toVersion: Int!, $dryRun: Boolean!) {
    migrateAll(templateKey: $templateKey, fromVersion: $fromVersion, toVersion: $toVersion, dryRun: $dryRun) {
      templateKey
      fromVersion
      toVersion
      dryRun
      clusters
      applied
      blocked
      plans {
        clusterId
        clusterName
        fromPhase
        toPhase
        phaseMapping
        gateMapping
        problems
        applied
        newlyUnmet {
          gate
          detail
        }
      }
    }
  }
`);
