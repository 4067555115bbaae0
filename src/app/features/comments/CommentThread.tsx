import type { CommentDetailDto } from '../../../shared/api/comments-contract'

/** The comment in its thread: the governor's post it is under, earlier replies, the author. */
export function CommentThread({ comment }: { comment: CommentDetailDto }) {
  return (
    <section aria-labelledby="thread" className="card space-y-3 p-5">
      <h2 id="thread" className="text-lg font-semibold">
        Комментарий
      </h2>
      {comment.thread.postText && (
        <p className="text-sm text-slate-600">
          Под постом:{' '}
          <a href={comment.thread.postUrl} className="text-brand-700 hover:underline">
            {comment.thread.postText}
          </a>
        </p>
      )}
      {!comment.thread.postText && (
        <a href={comment.thread.postUrl} className="text-sm text-brand-700 hover:underline">
          Пост, под которым оставлен комментарий
        </a>
      )}
      {comment.thread.earlier.map((e, i) => (
        <blockquote key={i} className="border-l-4 border-slate-200 pl-3 text-sm text-slate-600">
          <span className="font-medium">{e.authorName}:</span> {e.text}
        </blockquote>
      ))}
      <blockquote className="border-l-4 border-brand-600 pl-3">
        <a href={comment.authorUrl} className="font-semibold text-brand-700 hover:underline">
          {comment.authorName}
        </a>
        <p className="whitespace-pre-wrap">{comment.text}</p>
      </blockquote>
    </section>
  )
}
