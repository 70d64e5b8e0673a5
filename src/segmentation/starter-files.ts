/** The starter matrix and mapping template shipped with relance (the bundled default matrix). */
import { fileURLToPath } from "node:url";

const dir = new URL("../../src/segmentation/starter/", import.meta.url);

export const STARTER_MATRIX = fileURLToPath(new URL("segments.yaml", dir));
export const STARTER_MAPPING = fileURLToPath(new URL("mapping.yaml", dir));
