"""GraphQL fragments selected wherever a logged artifact is fetched.

Every query that returns an ``Artifact`` (ArtifactByID, ArtifactByName, RunOutputArtifacts,
ProjectArtifacts, UpdateArtifact, LinkArtifact ...) spreads ``...ArtifactFragment`` and appends
``ARTIFACT_FRAGMENT`` to its document; the selected dict is what ``Artifact._from_attrs`` takes::

    doc = "query ArtifactByID($id: ID!) { artifact(id: $id) { ...ArtifactFragment } }" + ARTIFACT_FRAGMENT
    attrs = client.execute(doc, {"id": art_id})["artifact"]
    art = Artifact._from_attrs(entity, project, "name:v0", attrs, client)

The field set is the one wandb 0.21.3 selects, so the same queries work against W&B servers.
"""

from __future__ import annotations

ARTIFACT_FRAGMENT_WITHOUT_ALIASES = """
fragment ArtifactFragmentWithoutAliases on Artifact {
  id
  artifactSequence {
    project {
      entityName
      name
    }
    name
  }
  versionIndex
  artifactType {
    name
  }
  description
  metadata
  ttlDurationSeconds
  ttlIsInherited
  tags {
    name
  }
  historyStep
  state
  currentManifest {
    file {
      directUrl
    }
  }
  commitHash
  fileCount
  createdAt
  updatedAt
}
"""

_ARTIFACT_FRAGMENT_ONLY = """
fragment ArtifactFragment on Artifact {
  ...ArtifactFragmentWithoutAliases
  aliases {
    artifactCollection {
      __typename
      project {
        entityName
        name
      }
      name
    }
    alias
  }
}
"""

#: Append to a document that uses ``...ArtifactFragment`` (it includes the fragment it spreads).
ARTIFACT_FRAGMENT = _ARTIFACT_FRAGMENT_ONLY + ARTIFACT_FRAGMENT_WITHOUT_ALIASES

#: A paged connection of artifacts (``outputArtifacts``, ``artifacts(...)``); append ARTIFACT_FRAGMENT too.
ARTIFACTS_FRAGMENT = """
fragment ArtifactsFragment on VersionedArtifactConnection {
  totalCount
  edges {
    node {
      ...ArtifactFragment
    }
    version
    cursor
  }
  pageInfo {
    endCursor
    hasNextPage
  }
}
"""

#: Files of a logged artifact with their download URLs (paged; ``names`` filters).
ARTIFACT_FILES_QUERY = """
query ArtifactFileUrls($id: ID!, $cursor: String, $perPage: Int, $names: [String]) {
  artifact(id: $id) {
    files(after: $cursor, first: $perPage, names: $names) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          name
          directUrl
        }
        cursor
      }
    }
  }
}
"""

ARTIFACT_BY_ID_QUERY = (
    """
query ArtifactByID($id: ID!) {
  artifact(id: $id) {
    ...ArtifactFragment
  }
}
"""
    + ARTIFACT_FRAGMENT
)
