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

/** The header's bell: the unread count and the newest few. */
export const NotificationBellDocument = graphql(`
  query NotificationBell($first: Int!) {
    notifications(first: $first) {
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
  }
`);

/** The notifications page: every notification (or the unread ones), a page at a time. */
export const NotificationsPageDocument = graphql(`
  query NotificationsPage($unreadOnly: Boolean!, $first: Int!, $after: String) {
    notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
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
    }
  }
`);

export const SetNotificationPreferencesDocument = graphql(`
  mutation SetNotificationPreferences($email: EmailMode!) {
    setNotificationPreferences(email: $email) {
      email
    }
  }
`);
