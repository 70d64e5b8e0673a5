/** The starter matrix and mapping template shipped with relance (the bundled default matrix). */
import { packageFile } from "../package-files.js";

export const STARTER_MATRIX = packageFile("src", "segmentation", "starter", "segments.yaml");
export const STARTER_MAPPING = packageFile("src", "segmentation", "starter", "mapping.yaml");
