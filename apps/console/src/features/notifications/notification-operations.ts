import { graphql } from '../../gql';

export const NotificationFieldsFragment = graphql(`
  fragment NotificationFields on Notification {
    id
    kind
    title
    body
    createdAt
    readAt
    cluster {
      id
      name
    }
  }
`);

/** A page of notifications: the unread count and total beside the edges (the bell and the page ask for the same). */
export const NotificationPageFragment = graphql(`
  fragment NotificationPage on NotificationConnection {
    unread
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...NotificationFields
      }
    }
  }
`);

/** The header's bell: the unread count and the newest few. */
export const NotificationBellDocument = graphql(`
  query NotificationBell($first: Int!) {
    notifications(first: $first) {
      ...NotificationPage
    }
  }
`);

/** The notifications page: every notification (or the unread ones), a page at a time. */
export const NotificationsPageDocument = graphql(`
  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {
    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
      ...NotificationPage
    }
  }
`);

export const NotificationAddedDocument = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      ...NotificationFields
    }
  }
`);

export const MarkNotificationsReadDocument = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

export const NotificationPreferencesDocument = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      email
      language
    }
  }
`);

export const SetNotificationPreferencesDocument = graphql(`
  mutation SetNotificationPreferences($email: EmailMode!, $language: String) {
    setNotificationPreferences(email: $email, language: $language) {
      email
      language
    }
  }
`);
