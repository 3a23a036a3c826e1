/** What the footer needs of a TanStack infinite query. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The footer of a paged table: how many rows are shown (of how many) and "Load more". */
export function TableFooter({
  shown,
  total,
  pages,
}: {
  shown: number;
  total?: number | undefined;
  pages: Pages;
}) {
  return (
    <div className="table-footer">
      <span>
        Showing {shown}
        {total !== undefined ? ` of ${total}` : ""}
      </span>
      {pages.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {pages.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
