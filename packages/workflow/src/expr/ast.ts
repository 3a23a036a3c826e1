import type { CurrencyCode } from "@partnerflow/domain";

interface Span {
  /** Offset of the first character of the node in the source. */
  readonly start: number;
  /** Offset just past the node. */
  readonly end: number;
}

export type BinaryOp =
  "+" | "-" | "*" | "/" | "%" | "of" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

/** The syntax tree. Plain data (JSON-serializable) so it can be stored and inspected. */
export type ExprNode =
  | (Span & { readonly kind: "number"; readonly value: number; readonly text: string })
  | (Span & {
      readonly kind: "money";
      /** Integer minor units of `currency`. */
      readonly amountMinor: number;
      readonly currency: CurrencyCode;
    })
  | (Span & { readonly kind: "string"; readonly value: string })
  | (Span & { readonly kind: "boolean"; readonly value: boolean })
  | (Span & { readonly kind: "null" })
  | (Span & { readonly kind: "path"; readonly segments: readonly string[] })
  | (Span & { readonly kind: "unary"; readonly op: "-" | "not"; readonly operand: ExprNode })
  | (Span & {
      readonly kind: "binary";
      readonly op: BinaryOp;
      readonly left: ExprNode;
      readonly right: ExprNode;
    })
  | (Span & {
      readonly kind: "conditional";
      readonly test: ExprNode;
      readonly then: ExprNode;
      readonly otherwise: ExprNode;
    })
  | (Span & {
      readonly kind: "call";
      readonly name: string;
      readonly nameEnd: number;
      readonly args: readonly ExprNode[];
    });
