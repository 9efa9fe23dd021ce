"""``wandb.Molecule``: a molecule file (pdb, sdf, mol2...) logged verbatim as
``media/molecule/<key>_<step>_<hash>.<ext>``; RDKit molecules and SMILES become PDB."""

from __future__ import annotations

import io
import os
import pathlib
from typing import Any, Optional, Sequence, Union

from ._media_files import file_object_path, require_file, write_io
from .base_types.media import BatchableMedia, Media

_RDKIT_HINT = 'wandb.Molecule needs the rdkit-pypi package. To get it, run "pip install rdkit-pypi".'


def _rdkit() -> Any:
    try:
        import rdkit.Chem as chem
        import rdkit.Chem.AllChem as all_chem
    except ImportError as e:
        import wandb

        raise wandb.Error(_RDKIT_HINT) from e
    return chem, all_chem


class Molecule(BatchableMedia):
    """3-D molecular data for W&B.

    Args:
        data_or_path: a path to a molecule file, or an IO object (with ``file_type=``).
        caption: a caption shown with the molecule.
        file_type: the format of an IO object's content (pdb, pqr, mmcif, mcif, cif, sdf, sd,
            gro, mol2, mmtf).
    """

    SUPPORTED_TYPES = {"pdb", "pqr", "mmcif", "mcif", "cif", "sdf", "sd", "gro", "mol2", "mmtf"}
    SUPPORTED_RDKIT_TYPES = {"mol", "sdf"}
    _log_type = "molecule-file"

    def __init__(self, data_or_path: Union[str, pathlib.Path, Any], caption: Optional[str] = None,
                 **kwargs: str) -> None:
        super().__init__(caption=caption)
        data_or_path = file_object_path(data_or_path)
        if hasattr(data_or_path, "read"):
            write_io(self, data_or_path, kwargs.pop("file_type", None), self.SUPPORTED_TYPES,
                     "Must pass file_type keyword argument when using io objects.",
                     "Molecule 3D only supports files of the type: ")
        elif isinstance(data_or_path, (str, pathlib.Path)):
            extension = os.path.splitext(data_or_path)[1][1:]
            if extension not in self.SUPPORTED_TYPES:
                raise ValueError(
                    f"data_or_path {str(data_or_path)!r}: Molecule only supports files of the type: "
                    f"{', '.join(sorted(self.SUPPORTED_TYPES))}"
                )
            require_file(str(data_or_path), "data_or_path")
            self._set_file(str(data_or_path), is_tmp=False)
        else:
            raise ValueError(f"Data must be file name or a file object, got {type(data_or_path).__name__}")

    @classmethod
    def from_rdkit(
        cls,
        data_or_path: Any,
        caption: Optional[str] = None,
        convert_to_3d_and_optimize: bool = True,
        mmff_optimize_molecule_max_iterations: int = 200,
    ) -> "Molecule":
        """A Molecule from an RDKit molecule or a .mol/.sdf file (written as PDB).

        Args:
            data_or_path: an ``rdkit.Chem.rdchem.Mol`` or a path to a .mol or .sdf file.
            caption: a caption shown with the molecule.
            convert_to_3d_and_optimize: add hydrogens, embed in 3-D and MMFF-optimize (slow for big molecules).
            mmff_optimize_molecule_max_iterations: iterations of ``MMFFOptimizeMolecule``.
        """
        chem, all_chem = _rdkit()
        if isinstance(data_or_path, str):
            extension = pathlib.Path(data_or_path).suffix.split(".")[-1]
            if extension not in cls.SUPPORTED_RDKIT_TYPES:
                raise ValueError(
                    "Molecule.from_rdkit only supports files of the type: "
                    + ", ".join(sorted(cls.SUPPORTED_RDKIT_TYPES))
                )
            require_file(data_or_path, "data_or_path")
            if extension == "sdf":
                with chem.SDMolSupplier(data_or_path) as supplier:
                    molecule = next(supplier)  # the first molecule only
            else:
                molecule = chem.MolFromMolFile(data_or_path)
        elif isinstance(data_or_path, chem.rdchem.Mol):
            molecule = data_or_path
        else:
            raise TypeError("Data must be file name or an rdkit.Chem.rdchem.Mol object")
        if convert_to_3d_and_optimize:
            molecule = chem.AddHs(molecule)
            all_chem.EmbedMolecule(molecule)
            all_chem.MMFFOptimizeMolecule(molecule, maxIters=mmff_optimize_molecule_max_iterations)
        pdb_block = chem.rdmolfiles.MolToPDBBlock(molecule)
        return cls(io.StringIO(pdb_block), caption=caption, file_type="pdb")

    @classmethod
    def from_smiles(
        cls,
        data: str,
        caption: Optional[str] = None,
        sanitize: bool = True,
        convert_to_3d_and_optimize: bool = True,
        mmff_optimize_molecule_max_iterations: int = 200,
    ) -> "Molecule":
        """A Molecule from a SMILES string (through RDKit, written as PDB)."""
        chem, _ = _rdkit()
        molecule = chem.MolFromSmiles(data, sanitize=sanitize)
        if molecule is None:
            raise ValueError("Unable to parse the SMILES string.")
        return cls.from_rdkit(
            data_or_path=molecule,
            caption=caption,
            convert_to_3d_and_optimize=convert_to_3d_and_optimize,
            mmff_optimize_molecule_max_iterations=mmff_optimize_molecule_max_iterations,
        )

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "molecule")

    def to_json(self, run_or_artifact: Any) -> dict:
        out = super().to_json(run_or_artifact)
        out["_type"] = self._log_type
        return out

    @classmethod
    def seq_to_json(cls, seq: Sequence[Any], run: Any, key: str, step: Union[int, str]) -> dict:
        seq = list(seq)
        jsons = [obj.to_json(run) for obj in seq]
        subdir = cls.get_media_subdir().replace(os.sep, "/")
        for j in jsons:
            if not j["path"].startswith(subdir):
                raise ValueError(
                    f"Files in an array of Molecule's must be in the {subdir} directory, not {j['path']}"
                )
        return {
            "_type": "molecule",
            "filenames": [j["path"] for j in jsons],
            "count": len(jsons),
            "captions": Media.captions(seq),
        }
