"""The executable GraphQL schema (SDL in ``schema/*.graphql`` + resolvers)."""

from __future__ import annotations

import os
from functools import lru_cache

from graphql import GraphQLSchema

SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "schema")


@lru_cache(maxsize=1)
def build_schema() -> GraphQLSchema:
    from ariadne import load_schema_from_path, make_executable_schema

    from wandb.server import gql_artifacts, gql_mutation, gql_query, gql_run, gql_scalars

    type_defs = load_schema_from_path(SCHEMA_DIR)
    return make_executable_schema(
        type_defs, *gql_scalars.SCALARS, *gql_query.OBJECTS, *gql_run.OBJECTS, *gql_mutation.OBJECTS,
        *gql_artifacts.OBJECTS,
    )
