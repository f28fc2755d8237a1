/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n": typeof types.MeDocument,
    "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      titles\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n": typeof types.TemplateTitlesDocument,
    "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n": typeof types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n": typeof types.VerifyAuditDocument,
    "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n": typeof types.AuditHeadDocument,
    "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      derived\n      cdaIds\n      viewerCan\n      roleAssignments {\n        role\n        userId\n      }\n      indicators {\n        indicator\n        aggregate\n        baseline\n        target\n        progress\n        targets {\n          period\n          value\n        }\n        values {\n          period\n          value\n          recordedAt\n          recordedBy\n        }\n      }\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n          files {\n            id\n            name\n            size\n            mediaType\n            url\n          }\n        }\n      }\n      openConditions {\n        id\n        text\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        decidedByName\n        counts\n        conditions {\n          id\n          text\n          closedAt\n          closedBy\n          note\n        }\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n": typeof types.ClusterPageDocument,
    "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": typeof types.ClusterTemplateDocument,
    "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n": typeof types.ScoreClusterDocument,
    "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n": typeof types.SubmitArtefactDocument,
    "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n": typeof types.DecideDocument,
    "\n  mutation CloseCondition($clusterId: ID!, $conditionId: ID!, $note: String!) {\n    closeCondition(clusterId: $clusterId, conditionId: $conditionId, note: $note) {\n      id\n      closedAt\n      closedBy\n      note\n    }\n  }\n": typeof types.CloseConditionDocument,
    "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n": typeof types.ReachMilestoneDocument,
    "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n": typeof types.AdvanceDocument,
    "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n": typeof types.ClusterEventsDocument,
    "\n  mutation Suspend($clusterId: ID!, $reason: String!) {\n    suspend(clusterId: $clusterId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.SuspendDocument,
    "\n  mutation Resume($clusterId: ID!) {\n    resume(clusterId: $clusterId) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.ResumeDocument,
    "\n  mutation RecordIndicator($input: IndicatorInput!) {\n    recordIndicator(input: $input) {\n      indicator\n      period\n      value\n    }\n  }\n": typeof types.RecordIndicatorDocument,
    "\n  mutation SetIndicatorPlan($input: IndicatorPlanInput!) {\n    setIndicatorPlan(input: $input) {\n      indicator\n      baseline\n      target\n    }\n  }\n": typeof types.SetIndicatorPlanDocument,
    "\n  query ClusterPeople {\n    people {\n      userId\n      name\n      roles\n    }\n  }\n": typeof types.ClusterPeopleDocument,
    "\n  mutation AssignCda($clusterId: ID!, $userId: String!) {\n    assignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n": typeof types.AssignCdaDocument,
    "\n  mutation UnassignCda($clusterId: ID!, $userId: String!) {\n    unassignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n": typeof types.UnassignCdaDocument,
    "\n  mutation AssignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    assignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n": typeof types.AssignRoleDocument,
    "\n  mutation UnassignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    unassignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n": typeof types.UnassignRoleDocument,
    "\n  query DashboardTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      indicators\n      definition\n    }\n  }\n": typeof types.DashboardTemplatesDocument,
    "\n  query PortfolioSummary {\n    portfolio {\n      clusters\n      overdue\n      byStatus {\n        key\n        count\n      }\n      byPhase {\n        templateKey\n        phase\n        title\n        count\n        overdue\n      }\n    }\n  }\n": typeof types.PortfolioSummaryDocument,
    "\n  query PhaseDurations($templateKey: String!) {\n    phaseDurations(templateKey: $templateKey) {\n      phase\n      title\n      visits\n      completed\n      current\n      p50Days\n      p90Days\n      maxDays\n    }\n  }\n": typeof types.PhaseDurationsDocument,
    "\n  query GateBottlenecks($templateKey: String!) {\n    gateBottlenecks(templateKey: $templateKey) {\n      gate\n      title\n      waiting\n      medianWaitDays\n      unmetKinds {\n        key\n        count\n      }\n    }\n  }\n": typeof types.GateBottlenecksDocument,
    "\n  query IndicatorReport($templateKey: String!, $indicator: String!, $groupBy: IndicatorGrouping!, $attribute: String) {\n    indicatorReport(templateKey: $templateKey, indicator: $indicator, groupBy: $groupBy, attribute: $attribute) {\n      key\n      label\n      clusters\n      value\n      baseline\n      target\n      progress\n    }\n  }\n": typeof types.IndicatorReportDocument,
    "\n  query MyWork($first: Int!, $after: String) {\n    myWork(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          gate\n          milestone\n          role\n          indicator\n          detail\n          since\n          due\n          overdue\n          artefactVersion {\n            id\n            number\n            title\n          }\n          cluster {\n            id\n            name\n            templateKey\n            templateVersion\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyWorkDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    title\n    body\n    createdAt\n    readAt\n    cluster {\n      id\n      name\n    }\n  }\n": typeof types.NotificationFieldsFragmentDoc,
    "\n  fragment NotificationPage on NotificationConnection {\n    unread\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...NotificationFields\n      }\n    }\n  }\n": typeof types.NotificationPageFragmentDoc,
    "\n  query NotificationBell($first: Int!) {\n    notifications(first: $first) {\n      ...NotificationPage\n    }\n  }\n": typeof types.NotificationBellDocument,
    "\n  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {\n    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {\n      ...NotificationPage\n    }\n  }\n": typeof types.NotificationsPageDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      ...NotificationFields\n    }\n  }\n": typeof types.NotificationAddedDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      email\n      language\n    }\n  }\n": typeof types.NotificationPreferencesDocument,
    "\n  mutation SetNotificationPreferences($email: EmailMode!, $language: String) {\n    setNotificationPreferences(email: $email, language: $language) {\n      email\n      language\n    }\n  }\n": typeof types.SetNotificationPreferencesDocument,
    "\n  query People($role: String) {\n    people(role: $role) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n": typeof types.PeopleDocument,
    "\n  query PeopleRoles {\n    templates {\n      id\n      roles\n    }\n  }\n": typeof types.PeopleRolesDocument,
    "\n  mutation UpsertPerson($input: PersonInput!) {\n    upsertPerson(input: $input) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n": typeof types.UpsertPersonDocument,
    "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n": typeof types.PortfolioDocument,
    "\n  query RegisterTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": typeof types.RegisterTemplatesDocument,
    "\n  mutation RegisterCluster($input: RegisterClusterInput!) {\n    registerCluster(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.RegisterClusterDocument,
    "\n  query DemoPeople {\n    demoPeople {\n      userId\n      name\n      roles\n    }\n  }\n": typeof types.DemoPeopleDocument,
    "\n  mutation DemoSignIn($userId: String!) {\n    demoSignIn(userId: $userId) {\n      token\n    }\n  }\n": typeof types.DemoSignInDocument,
    "\n  query TemplatesList {\n    templates {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n    }\n  }\n": typeof types.TemplatesListDocument,
    "\n  query TemplateVersion($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n      sha256\n      source\n      diagram\n      phases {\n        id\n        key\n        title\n        due\n        final\n      }\n      gates {\n        id\n        key\n        title\n        from\n        to\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n    templates(key: $key) {\n      id\n      version\n      publishedAt\n      publishedBy\n    }\n  }\n": typeof types.TemplateVersionDocument,
    "\n  query ValidateTemplate($source: String!) {\n    validateTemplate(source: $source) {\n      valid\n      diagram\n      errors {\n        path\n        line\n        column\n        message\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n  }\n": typeof types.ValidateTemplateDocument,
    "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) {\n      id\n      key\n      version\n      title\n    }\n  }\n": typeof types.PublishTemplateDocument,
    "\n  mutation MigrateAll($templateKey: String!, $fromVersion: Int!, $toVersion: Int!, $dryRun: Boolean!) {\n    migrateAll(templateKey: $templateKey, fromVersion: $fromVersion, toVersion: $toVersion, dryRun: $dryRun) {\n      templateKey\n      fromVersion\n      toVersion\n      dryRun\n      clusters\n      applied\n      blocked\n      plans {\n        clusterId\n        clusterName\n        fromPhase\n        toPhase\n        phaseMapping\n        gateMapping\n        problems\n        applied\n        newlyUnmet {\n          gate\n          detail\n        }\n      }\n    }\n  }\n": typeof types.MigrateAllDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      active\n      createdAt\n    }\n    eventTypes: __type(name: \"AuditEventType\") {\n      enumValues {\n        name\n        description\n      }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  mutation CreateWebhook($url: String!, $events: [String!]!) {\n    createWebhook(url: $url, events: $events) {\n      id\n      url\n      events\n      active\n      createdAt\n      secret\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation SetWebhookActive($id: ID!, $active: Boolean!) {\n    setWebhookActive(id: $id, active: $active) {\n      id\n      active\n    }\n  }\n": typeof types.SetWebhookActiveDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          type\n          attempt\n          status\n          error\n          at\n          succeeded\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n": types.MeDocument,
    "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      titles\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n": types.TemplateTitlesDocument,
    "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n": types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n": types.VerifyAuditDocument,
    "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n": types.AuditHeadDocument,
    "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      derived\n      cdaIds\n      viewerCan\n      roleAssignments {\n        role\n        userId\n      }\n      indicators {\n        indicator\n        aggregate\n        baseline\n        target\n        progress\n        targets {\n          period\n          value\n        }\n        values {\n          period\n          value\n          recordedAt\n          recordedBy\n        }\n      }\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n          files {\n            id\n            name\n            size\n            mediaType\n            url\n          }\n        }\n      }\n      openConditions {\n        id\n        text\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        decidedByName\n        counts\n        conditions {\n          id\n          text\n          closedAt\n          closedBy\n          note\n        }\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n": types.ClusterPageDocument,
    "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": types.ClusterTemplateDocument,
    "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n": types.ScoreClusterDocument,
    "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n": types.SubmitArtefactDocument,
    "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n": types.DecideDocument,
    "\n  mutation CloseCondition($clusterId: ID!, $conditionId: ID!, $note: String!) {\n    closeCondition(clusterId: $clusterId, conditionId: $conditionId, note: $note) {\n      id\n      closedAt\n      closedBy\n      note\n    }\n  }\n": types.CloseConditionDocument,
    "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n": types.ReachMilestoneDocument,
    "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n": types.AdvanceDocument,
    "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n": types.ClusterEventsDocument,
    "\n  mutation Suspend($clusterId: ID!, $reason: String!) {\n    suspend(clusterId: $clusterId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": types.SuspendDocument,
    "\n  mutation Resume($clusterId: ID!) {\n    resume(clusterId: $clusterId) {\n      id\n      status\n      version\n    }\n  }\n": types.ResumeDocument,
    "\n  mutation RecordIndicator($input: IndicatorInput!) {\n    recordIndicator(input: $input) {\n      indicator\n      period\n      value\n    }\n  }\n": types.RecordIndicatorDocument,
    "\n  mutation SetIndicatorPlan($input: IndicatorPlanInput!) {\n    setIndicatorPlan(input: $input) {\n      indicator\n      baseline\n      target\n    }\n  }\n": types.SetIndicatorPlanDocument,
    "\n  query ClusterPeople {\n    people {\n      userId\n      name\n      roles\n    }\n  }\n": types.ClusterPeopleDocument,
    "\n  mutation AssignCda($clusterId: ID!, $userId: String!) {\n    assignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n": types.AssignCdaDocument,
    "\n  mutation UnassignCda($clusterId: ID!, $userId: String!) {\n    unassignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n": types.UnassignCdaDocument,
    "\n  mutation AssignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    assignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n": types.AssignRoleDocument,
    "\n  mutation UnassignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    unassignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n": types.UnassignRoleDocument,
    "\n  query DashboardTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      indicators\n      definition\n    }\n  }\n": types.DashboardTemplatesDocument,
    "\n  query PortfolioSummary {\n    portfolio {\n      clusters\n      overdue\n      byStatus {\n        key\n        count\n      }\n      byPhase {\n        templateKey\n        phase\n        title\n        count\n        overdue\n      }\n    }\n  }\n": types.PortfolioSummaryDocument,
    "\n  query PhaseDurations($templateKey: String!) {\n    phaseDurations(templateKey: $templateKey) {\n      phase\n      title\n      visits\n      completed\n      current\n      p50Days\n      p90Days\n      maxDays\n    }\n  }\n": types.PhaseDurationsDocument,
    "\n  query GateBottlenecks($templateKey: String!) {\n    gateBottlenecks(templateKey: $templateKey) {\n      gate\n      title\n      waiting\n      medianWaitDays\n      unmetKinds {\n        key\n        count\n      }\n    }\n  }\n": types.GateBottlenecksDocument,
    "\n  query IndicatorReport($templateKey: String!, $indicator: String!, $groupBy: IndicatorGrouping!, $attribute: String) {\n    indicatorReport(templateKey: $templateKey, indicator: $indicator, groupBy: $groupBy, attribute: $attribute) {\n      key\n      label\n      clusters\n      value\n      baseline\n      target\n      progress\n    }\n  }\n": types.IndicatorReportDocument,
    "\n  query MyWork($first: Int!, $after: String) {\n    myWork(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          gate\n          milestone\n          role\n          indicator\n          detail\n          since\n          due\n          overdue\n          artefactVersion {\n            id\n            number\n            title\n          }\n          cluster {\n            id\n            name\n            templateKey\n            templateVersion\n          }\n        }\n      }\n    }\n  }\n": types.MyWorkDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    title\n    body\n    createdAt\n    readAt\n    cluster {\n      id\n      name\n    }\n  }\n": types.NotificationFieldsFragmentDoc,
    "\n  fragment NotificationPage on NotificationConnection {\n    unread\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...NotificationFields\n      }\n    }\n  }\n": types.NotificationPageFragmentDoc,
    "\n  query NotificationBell($first: Int!) {\n    notifications(first: $first) {\n      ...NotificationPage\n    }\n  }\n": types.NotificationBellDocument,
    "\n  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {\n    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {\n      ...NotificationPage\n    }\n  }\n": types.NotificationsPageDocument,
    "\n  subscription NotificationAdded {\n    notificationAdded {\n      ...NotificationFields\n    }\n  }\n": types.NotificationAddedDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": types.MarkNotificationsReadDocument,
    "\n  query NotificationPreferences {\n    notificationPreferences {\n      email\n      language\n    }\n  }\n": types.NotificationPreferencesDocument,
    "\n  mutation SetNotificationPreferences($email: EmailMode!, $language: String) {\n    setNotificationPreferences(email: $email, language: $language) {\n      email\n      language\n    }\n  }\n": types.SetNotificationPreferencesDocument,
    "\n  query People($role: String) {\n    people(role: $role) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n": types.PeopleDocument,
    "\n  query PeopleRoles {\n    templates {\n      id\n      roles\n    }\n  }\n": types.PeopleRolesDocument,
    "\n  mutation UpsertPerson($input: PersonInput!) {\n    upsertPerson(input: $input) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n": types.UpsertPersonDocument,
    "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n": types.PortfolioDocument,
    "\n  query RegisterTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": types.RegisterTemplatesDocument,
    "\n  mutation RegisterCluster($input: RegisterClusterInput!) {\n    registerCluster(input: $input) {\n      id\n      name\n    }\n  }\n": types.RegisterClusterDocument,
    "\n  query DemoPeople {\n    demoPeople {\n      userId\n      name\n      roles\n    }\n  }\n": types.DemoPeopleDocument,
    "\n  mutation DemoSignIn($userId: String!) {\n    demoSignIn(userId: $userId) {\n      token\n    }\n  }\n": types.DemoSignInDocument,
    "\n  query TemplatesList {\n    templates {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n    }\n  }\n": types.TemplatesListDocument,
    "\n  query TemplateVersion($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n      sha256\n      source\n      diagram\n      phases {\n        id\n        key\n        title\n        due\n        final\n      }\n      gates {\n        id\n        key\n        title\n        from\n        to\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n    templates(key: $key) {\n      id\n      version\n      publishedAt\n      publishedBy\n    }\n  }\n": types.TemplateVersionDocument,
    "\n  query ValidateTemplate($source: String!) {\n    validateTemplate(source: $source) {\n      valid\n      diagram\n      errors {\n        path\n        line\n        column\n        message\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n  }\n": types.ValidateTemplateDocument,
    "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) {\n      id\n      key\n      version\n      title\n    }\n  }\n": types.PublishTemplateDocument,
    "\n  mutation MigrateAll($templateKey: String!, $fromVersion: Int!, $toVersion: Int!, $dryRun: Boolean!) {\n    migrateAll(templateKey: $templateKey, fromVersion: $fromVersion, toVersion: $toVersion, dryRun: $dryRun) {\n      templateKey\n      fromVersion\n      toVersion\n      dryRun\n      clusters\n      applied\n      blocked\n      plans {\n        clusterId\n        clusterName\n        fromPhase\n        toPhase\n        phaseMapping\n        gateMapping\n        problems\n        applied\n        newlyUnmet {\n          gate\n          detail\n        }\n      }\n    }\n  }\n": types.MigrateAllDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      active\n      createdAt\n    }\n    eventTypes: __type(name: \"AuditEventType\") {\n      enumValues {\n        name\n        description\n      }\n    }\n  }\n": types.WebhooksDocument,
    "\n  mutation CreateWebhook($url: String!, $events: [String!]!) {\n    createWebhook(url: $url, events: $events) {\n      id\n      url\n      events\n      active\n      createdAt\n      secret\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation SetWebhookActive($id: ID!, $active: Boolean!) {\n    setWebhookActive(id: $id, active: $active) {\n      id\n      active\n    }\n  }\n": types.SetWebhookActiveDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          type\n          attempt\n          status\n          error\n          at\n          succeeded\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      titles\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n"): (typeof documents)["\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      titles\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n"): (typeof documents)["\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n"): (typeof documents)["\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      derived\n      cdaIds\n      viewerCan\n      roleAssignments {\n        role\n        userId\n      }\n      indicators {\n        indicator\n        aggregate\n        baseline\n        target\n        progress\n        targets {\n          period\n          value\n        }\n        values {\n          period\n          value\n          recordedAt\n          recordedBy\n        }\n      }\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n          files {\n            id\n            name\n            size\n            mediaType\n            url\n          }\n        }\n      }\n      openConditions {\n        id\n        text\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        decidedByName\n        counts\n        conditions {\n          id\n          text\n          closedAt\n          closedBy\n          note\n        }\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      derived\n      cdaIds\n      viewerCan\n      roleAssignments {\n        role\n        userId\n      }\n      indicators {\n        indicator\n        aggregate\n        baseline\n        target\n        progress\n        targets {\n          period\n          value\n        }\n        values {\n          period\n          value\n          recordedAt\n          recordedBy\n        }\n      }\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n          files {\n            id\n            name\n            size\n            mediaType\n            url\n          }\n        }\n      }\n      openConditions {\n        id\n        text\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        decidedByName\n        counts\n        conditions {\n          id\n          text\n          closedAt\n          closedBy\n          note\n        }\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"): (typeof documents)["\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseCondition($clusterId: ID!, $conditionId: ID!, $note: String!) {\n    closeCondition(clusterId: $clusterId, conditionId: $conditionId, note: $note) {\n      id\n      closedAt\n      closedBy\n      note\n    }\n  }\n"): (typeof documents)["\n  mutation CloseCondition($clusterId: ID!, $conditionId: ID!, $note: String!) {\n    closeCondition(clusterId: $clusterId, conditionId: $conditionId, note: $note) {\n      id\n      closedAt\n      closedBy\n      note\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Suspend($clusterId: ID!, $reason: String!) {\n    suspend(clusterId: $clusterId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Suspend($clusterId: ID!, $reason: String!) {\n    suspend(clusterId: $clusterId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Resume($clusterId: ID!) {\n    resume(clusterId: $clusterId) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Resume($clusterId: ID!) {\n    resume(clusterId: $clusterId) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordIndicator($input: IndicatorInput!) {\n    recordIndicator(input: $input) {\n      indicator\n      period\n      value\n    }\n  }\n"): (typeof documents)["\n  mutation RecordIndicator($input: IndicatorInput!) {\n    recordIndicator(input: $input) {\n      indicator\n      period\n      value\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetIndicatorPlan($input: IndicatorPlanInput!) {\n    setIndicatorPlan(input: $input) {\n      indicator\n      baseline\n      target\n    }\n  }\n"): (typeof documents)["\n  mutation SetIndicatorPlan($input: IndicatorPlanInput!) {\n    setIndicatorPlan(input: $input) {\n      indicator\n      baseline\n      target\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterPeople {\n    people {\n      userId\n      name\n      roles\n    }\n  }\n"): (typeof documents)["\n  query ClusterPeople {\n    people {\n      userId\n      name\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCda($clusterId: ID!, $userId: String!) {\n    assignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation AssignCda($clusterId: ID!, $userId: String!) {\n    assignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnassignCda($clusterId: ID!, $userId: String!) {\n    unassignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation UnassignCda($clusterId: ID!, $userId: String!) {\n    unassignCda(clusterId: $clusterId, userId: $userId) {\n      id\n      cdaIds\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    assignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation AssignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    assignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnassignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    unassignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation UnassignRole($clusterId: ID!, $role: String!, $userId: String!) {\n    unassignRole(clusterId: $clusterId, role: $role, userId: $userId) {\n      id\n      roleAssignments {\n        role\n        userId\n      }\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      indicators\n      definition\n    }\n  }\n"): (typeof documents)["\n  query DashboardTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      indicators\n      definition\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortfolioSummary {\n    portfolio {\n      clusters\n      overdue\n      byStatus {\n        key\n        count\n      }\n      byPhase {\n        templateKey\n        phase\n        title\n        count\n        overdue\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortfolioSummary {\n    portfolio {\n      clusters\n      overdue\n      byStatus {\n        key\n        count\n      }\n      byPhase {\n        templateKey\n        phase\n        title\n        count\n        overdue\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PhaseDurations($templateKey: String!) {\n    phaseDurations(templateKey: $templateKey) {\n      phase\n      title\n      visits\n      completed\n      current\n      p50Days\n      p90Days\n      maxDays\n    }\n  }\n"): (typeof documents)["\n  query PhaseDurations($templateKey: String!) {\n    phaseDurations(templateKey: $templateKey) {\n      phase\n      title\n      visits\n      completed\n      current\n      p50Days\n      p90Days\n      maxDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GateBottlenecks($templateKey: String!) {\n    gateBottlenecks(templateKey: $templateKey) {\n      gate\n      title\n      waiting\n      medianWaitDays\n      unmetKinds {\n        key\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query GateBottlenecks($templateKey: String!) {\n    gateBottlenecks(templateKey: $templateKey) {\n      gate\n      title\n      waiting\n      medianWaitDays\n      unmetKinds {\n        key\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IndicatorReport($templateKey: String!, $indicator: String!, $groupBy: IndicatorGrouping!, $attribute: String) {\n    indicatorReport(templateKey: $templateKey, indicator: $indicator, groupBy: $groupBy, attribute: $attribute) {\n      key\n      label\n      clusters\n      value\n      baseline\n      target\n      progress\n    }\n  }\n"): (typeof documents)["\n  query IndicatorReport($templateKey: String!, $indicator: String!, $groupBy: IndicatorGrouping!, $attribute: String) {\n    indicatorReport(templateKey: $templateKey, indicator: $indicator, groupBy: $groupBy, attribute: $attribute) {\n      key\n      label\n      clusters\n      value\n      baseline\n      target\n      progress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyWork($first: Int!, $after: String) {\n    myWork(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          gate\n          milestone\n          role\n          indicator\n          detail\n          since\n          due\n          overdue\n          artefactVersion {\n            id\n            number\n            title\n          }\n          cluster {\n            id\n            name\n            templateKey\n            templateVersion\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyWork($first: Int!, $after: String) {\n    myWork(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          kind\n          gate\n          milestone\n          role\n          indicator\n          detail\n          since\n          due\n          overdue\n          artefactVersion {\n            id\n            number\n            title\n          }\n          cluster {\n            id\n            name\n            templateKey\n            templateVersion\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    title\n    body\n    createdAt\n    readAt\n    cluster {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationFields on Notification {\n    id\n    kind\n    title\n    body\n    createdAt\n    readAt\n    cluster {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationPage on NotificationConnection {\n    unread\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...NotificationFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationPage on NotificationConnection {\n    unread\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...NotificationFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationBell($first: Int!) {\n    notifications(first: $first) {\n      ...NotificationPage\n    }\n  }\n"): (typeof documents)["\n  query NotificationBell($first: Int!) {\n    notifications(first: $first) {\n      ...NotificationPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {\n    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {\n      ...NotificationPage\n    }\n  }\n"): (typeof documents)["\n  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {\n    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {\n      ...NotificationPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationAdded {\n    notificationAdded {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationAdded {\n    notificationAdded {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationPreferences {\n    notificationPreferences {\n      email\n      language\n    }\n  }\n"): (typeof documents)["\n  query NotificationPreferences {\n    notificationPreferences {\n      email\n      language\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationPreferences($email: EmailMode!, $language: String) {\n    setNotificationPreferences(email: $email, language: $language) {\n      email\n      language\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationPreferences($email: EmailMode!, $language: String) {\n    setNotificationPreferences(email: $email, language: $language) {\n      email\n      language\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query People($role: String) {\n    people(role: $role) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  query People($role: String) {\n    people(role: $role) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PeopleRoles {\n    templates {\n      id\n      roles\n    }\n  }\n"): (typeof documents)["\n  query PeopleRoles {\n    templates {\n      id\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertPerson($input: PersonInput!) {\n    upsertPerson(input: $input) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertPerson($input: PersonInput!) {\n    upsertPerson(input: $input) {\n      userId\n      name\n      email\n      roles\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegisterTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"): (typeof documents)["\n  query RegisterTemplates {\n    templates {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterCluster($input: RegisterClusterInput!) {\n    registerCluster(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterCluster($input: RegisterClusterInput!) {\n    registerCluster(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DemoPeople {\n    demoPeople {\n      userId\n      name\n      roles\n    }\n  }\n"): (typeof documents)["\n  query DemoPeople {\n    demoPeople {\n      userId\n      name\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DemoSignIn($userId: String!) {\n    demoSignIn(userId: $userId) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation DemoSignIn($userId: String!) {\n    demoSignIn(userId: $userId) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplatesList {\n    templates {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n    }\n  }\n"): (typeof documents)["\n  query TemplatesList {\n    templates {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateVersion($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n      sha256\n      source\n      diagram\n      phases {\n        id\n        key\n        title\n        due\n        final\n      }\n      gates {\n        id\n        key\n        title\n        from\n        to\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n    templates(key: $key) {\n      id\n      version\n      publishedAt\n      publishedBy\n    }\n  }\n"): (typeof documents)["\n  query TemplateVersion($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      description\n      publishedAt\n      publishedBy\n      sha256\n      source\n      diagram\n      phases {\n        id\n        key\n        title\n        due\n        final\n      }\n      gates {\n        id\n        key\n        title\n        from\n        to\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n    templates(key: $key) {\n      id\n      version\n      publishedAt\n      publishedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidateTemplate($source: String!) {\n    validateTemplate(source: $source) {\n      valid\n      diagram\n      errors {\n        path\n        line\n        column\n        message\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query ValidateTemplate($source: String!) {\n    validateTemplate(source: $source) {\n      valid\n      diagram\n      errors {\n        path\n        line\n        column\n        message\n      }\n      warnings {\n        path\n        line\n        column\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) {\n      id\n      key\n      version\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) {\n      id\n      key\n      version\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MigrateAll($templateKey: String!, $fromVersion: Int!, $toVersion: Int!, $dryRun: Boolean!) {\n    migrateAll(templateKey: $templateKey, fromVersion: $fromVersion, toVersion: $toVersion, dryRun: $dryRun) {\n      templateKey\n      fromVersion\n      toVersion\n      dryRun\n      clusters\n      applied\n      blocked\n      plans {\n        clusterId\n        clusterName\n        fromPhase\n        toPhase\n        phaseMapping\n        gateMapping\n        problems\n        applied\n        newlyUnmet {\n          gate\n          detail\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MigrateAll($templateKey: String!, $fromVersion: Int!, $toVersion: Int!, $dryRun: Boolean!) {\n    migrateAll(templateKey: $templateKey, fromVersion: $fromVersion, toVersion: $toVersion, dryRun: $dryRun) {\n      templateKey\n      fromVersion\n      toVersion\n      dryRun\n      clusters\n      applied\n      blocked\n      plans {\n        clusterId\n        clusterName\n        fromPhase\n        toPhase\n        phaseMapping\n        gateMapping\n        problems\n        applied\n        newlyUnmet {\n          gate\n          detail\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      active\n      createdAt\n    }\n    eventTypes: __type(name: \"AuditEventType\") {\n      enumValues {\n        name\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      active\n      createdAt\n    }\n    eventTypes: __type(name: \"AuditEventType\") {\n      enumValues {\n        name\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($url: String!, $events: [String!]!) {\n    createWebhook(url: $url, events: $events) {\n      id\n      url\n      events\n      active\n      createdAt\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($url: String!, $events: [String!]!) {\n    createWebhook(url: $url, events: $events) {\n      id\n      url\n      events\n      active\n      createdAt\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWebhookActive($id: ID!, $active: Boolean!) {\n    setWebhookActive(id: $id, active: $active) {\n      id\n      active\n    }\n  }\n"): (typeof documents)["\n  mutation SetWebhookActive($id: ID!, $active: Boolean!) {\n    setWebhookActive(id: $id, active: $active) {\n      id\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($webhookId: ID!, $first: Int, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          type\n          attempt\n          status\n          error\n          at\n          succeeded\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($webhookId: ID!, $first: Int, $after: String) {\n    webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          type\n          attempt\n          status\n          error\n          at\n          succeeded\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;