"""Base classes of wandb data types (``WBValue``, ``Media``, ``BatchableMedia``, ``JSONMetadata``)."""
